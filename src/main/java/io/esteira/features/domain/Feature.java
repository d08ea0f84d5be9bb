package io.esteira.features.domain;

import jakarta.persistence.Column;
import jakarta.persistence.Embeddable;

/** A feature of a version: a column of the source, with its meaning and validation rule. */
@Embeddable
public class Feature {

    @Column(nullable = false)
    private String name;
    @Column(nullable = false)
    private String type;
    @Column(nullable = false)
    private String description;
    private String unit;
    private boolean pii;
    @Column(name = "not_null")
    private boolean notNull;
    @Column(name = "min_value")
    private Double minValue;
    @Column(name = "max_value")
    private Double maxValue;
    @Column(name = "allowed_values")
    private String allowedValues;

    protected Feature() {
    }

    public Feature(String name, String type, String description, String unit, boolean pii, boolean notNull, Double minValue,
            Double maxValue, String allowedValues) {
        this.name = name;
        this.type = type;
        this.description = description == null ? "" : description;
        this.unit = unit == null || unit.isBlank() ? null : unit;
        this.pii = pii;
        this.notNull = notNull;
        this.minValue = minValue;
        this.maxValue = maxValue;
        this.allowedValues = allowedValues == null || allowedValues.isBlank() ? null : allowedValues;
    }

    public String getName() { return name; }
    public String getType() { return type; }
    public String getDescription() { return description; }
    public String getUnit() { return unit; }
    public boolean isPii() { return pii; }
    public boolean isNotNull() { return notNull; }
    public Double getMinValue() { return minValue; }
    public Double getMaxValue() { return maxValue; }
    public String getAllowedValues() { return allowedValues; }
}
