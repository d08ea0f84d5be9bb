package io.esteira.costs.domain;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.UUID;

/**
 * One price of the effective-dated rate card: a SKU's unit price in a currency, for every area (no
 * area) or for one area, from a whole UTC hour until a later row of the same SKU, scope and currency.
 */
@Entity
@Table(name = "rate_price")
public class RatePrice {

    public static final String DEFAULT_SCOPE = "*";

    @Id
    private UUID id;
    @Column(nullable = false)
    private String sku;
    @Column(name = "area_id")
    private UUID areaId;
    @Column(name = "area_key", nullable = false)
    private String areaKey;
    @Column(nullable = false)
    private String currency;
    @Column(nullable = false)
    private String unit;
    @Column(name = "unit_price", nullable = false, precision = 24, scale = 10)
    private BigDecimal unitPrice;
    @Column(name = "effective_from", nullable = false)
    private Instant effectiveFrom;
    @Column(name = "created_by", nullable = false)
    private String createdBy;
    @Column(name = "created_at", nullable = false)
    private Instant createdAt;

    protected RatePrice() {
    }

    public RatePrice(String sku, UUID areaId, String currency, String unit, BigDecimal unitPrice, Instant effectiveFrom,
            String createdBy, Instant createdAt) {
        this.id = UUID.randomUUID();
        this.sku = sku;
        this.areaId = areaId;
        this.areaKey = scope(areaId);
        this.currency = currency;
        this.unit = unit;
        this.unitPrice = unitPrice;
        this.effectiveFrom = effectiveFrom;
        this.createdBy = createdBy;
        this.createdAt = createdAt;
    }

    public static String scope(UUID areaId) {
        return areaId == null ? DEFAULT_SCOPE : areaId.toString();
    }

    public UUID getId() { return id; }
    public String getSku() { return sku; }
    public UUID getAreaId() { return areaId; }
    public String getCurrency() { return currency; }
    public String getUnit() { return unit; }
    public BigDecimal getUnitPrice() { return unitPrice; }
    public Instant getEffectiveFrom() { return effectiveFrom; }
    public String getCreatedBy() { return createdBy; }
    public Instant getCreatedAt() { return createdAt; }
}
