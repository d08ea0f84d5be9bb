package io.esteira.areas.domain;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.UUID;

@Entity
@Table(name = "area")
public class Area {

    @Id
    private UUID id;
    @Column(nullable = false, unique = true)
    private String code;
    @Column(nullable = false)
    private String name;
    @Column(name = "cost_center", nullable = false)
    private String costCenter;
    @Column(name = "budget_amount", nullable = false, precision = 19, scale = 2)
    private BigDecimal budgetAmount;
    @Column(name = "budget_currency", nullable = false)
    private String budgetCurrency;
    private boolean active;
    @Column(name = "created_at", nullable = false)
    private Instant createdAt;
    @Column(name = "updated_at", nullable = false)
    private Instant updatedAt;
    @Version
    private long version;

    protected Area() {
    }

    public Area(String code, String name, String costCenter, BigDecimal budgetAmount, String budgetCurrency,
            boolean active, Instant now) {
        this.id = UUID.randomUUID();
        this.code = code;
        this.createdAt = now;
        change(name, costCenter, budgetAmount, budgetCurrency, active, now);
    }

    public void change(String name, String costCenter, BigDecimal budgetAmount, String budgetCurrency, boolean active, Instant now) {
        if (budgetAmount.signum() < 0) {
            throw new IllegalArgumentException("A budget cannot be negative");
        }
        this.name = name.strip();
        this.costCenter = costCenter.strip();
        this.budgetAmount = budgetAmount;
        this.budgetCurrency = budgetCurrency;
        this.active = active;
        this.updatedAt = now;
    }

    public UUID getId() { return id; }
    public String getCode() { return code; }
    public String getName() { return name; }
    public String getCostCenter() { return costCenter; }
    public BigDecimal getBudgetAmount() { return budgetAmount; }
    public String getBudgetCurrency() { return budgetCurrency; }
    public boolean isActive() { return active; }
    public long getVersion() { return version; }
}
