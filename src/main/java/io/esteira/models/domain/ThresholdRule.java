package io.esteira.models.domain;

import jakarta.persistence.Column;
import jakarta.persistence.Embeddable;

@Embeddable
public class ThresholdRule {

    @Column(nullable = false)
    private String metric;
    @Column(nullable = false)
    private String operator;
    @Column(nullable = false)
    private double threshold;

    protected ThresholdRule() {
    }

    public ThresholdRule(String metric, String operator, double threshold) {
        this.metric = metric;
        this.operator = operator;
        this.threshold = threshold;
    }

    public String getMetric() { return metric; }
    public String getOperator() { return operator; }
    public double getThreshold() { return threshold; }
}
