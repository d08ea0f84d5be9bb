package io.esteira.costs.domain;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.math.BigDecimal;
import java.util.UUID;

/** One unit price of the rate card: for every area (no area) or for one area. */
@Entity
@Table(name = "rate")
public class Rate {

    @Id
    private UUID id;
    @Column(name = "area_id")
    private UUID areaId;
    @Column(nullable = false)
    private String resource;
    @Column(nullable = false)
    private String currency;
    @Column(name = "unit_price", nullable = false, precision = 19, scale = 6)
    private BigDecimal unitPrice;

    protected Rate() {
    }

    public Rate(UUID areaId, String resource, String currency, BigDecimal unitPrice) {
        this.id = UUID.randomUUID();
        this.areaId = areaId;
        this.resource = resource;
        this.currency = currency;
        this.unitPrice = unitPrice;
    }

    public UUID getAreaId() { return areaId; }
    public String getResource() { return resource; }
    public String getCurrency() { return currency; }
    public BigDecimal getUnitPrice() { return unitPrice; }
}
