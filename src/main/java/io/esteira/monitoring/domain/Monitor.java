package io.esteira.monitoring.domain;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;

/** What is checked on a release and when it alerts: drift thresholds, the sample-size guard, consecutive breaches, cooldown. */
@Entity
@Table(name = "monitor")
public class Monitor {

    @Id
    @Column(name = "deployment_id")
    private UUID deploymentId;
    @Column(name = "area_id", nullable = false)
    private UUID areaId;
    @Column(name = "warning_psi", nullable = false)
    private double warningPsi;
    @Column(name = "breach_psi", nullable = false)
    private double breachPsi;
    @Column(name = "minimum_rows", nullable = false)
    private long minimumRows;
    @Column(nullable = false)
    private double alpha;
    @Column(nullable = false)
    private int consecutive;
    @Column(name = "cooldown_minutes", nullable = false)
    private int cooldownMinutes;
    @Column(name = "segment_features")
    private String segmentFeatures;
    /** Counts the approved changes of the settings (the row version also moves when a label query runs). */
    @Column(name = "settings_version", nullable = false)
    private long settingsVersion;
    @Column(name = "created_at", nullable = false)
    private Instant createdAt;
    @Column(name = "maturity_coverage", nullable = false)
    private double maturityCoverage = 0.8;
    @Column(name = "maturity_delay_hours", nullable = false)
    private int maturityDelayHours = 168;
    @Column(name = "minimum_auc")
    private Double minimumAuc = 0.7;
    @Column(name = "webhook_url")
    private String webhookUrl;
    @Column(name = "maximum_mape")
    private Double maximumMape;
    @Column(name = "label_source_id")
    private UUID labelSourceId;
    @Column(name = "label_query", length = 4000)
    private String labelQuery;
    @Column(name = "label_query_minutes")
    private Integer labelQueryMinutes;
    @Column(name = "label_query_by")
    private String labelQueryBy;
    @Column(name = "label_query_last_run")
    private Instant labelQueryLastRun;
    @Column(name = "label_query_last_outcome", length = 1000)
    private String labelQueryLastOutcome;
    @Version
    @Column(name = "row_version")
    private long rowVersion;

    protected Monitor() {
    }

    /** The realised (and estimated) AUC below which the model is judged to underperform; null: not judged. */
    public void requireAuc(Double minimum) {
        this.minimumAuc = minimum;
    }

    public Monitor(UUID deploymentId, UUID areaId, double warningPsi, double breachPsi, long minimumRows, double alpha, int consecutive,
            int cooldownMinutes, Instant createdAt) {
        this.deploymentId = deploymentId;
        this.areaId = areaId;
        this.warningPsi = warningPsi;
        this.breachPsi = breachPsi;
        this.minimumRows = minimumRows;
        this.alpha = alpha;
        this.consecutive = consecutive;
        this.cooldownMinutes = cooldownMinutes;
        this.createdAt = createdAt;
    }

    public UUID getDeploymentId() { return deploymentId; }
    public UUID getAreaId() { return areaId; }
    public double getWarningPsi() { return warningPsi; }
    public double getBreachPsi() { return breachPsi; }
    public long getMinimumRows() { return minimumRows; }
    public double getAlpha() { return alpha; }
    public int getConsecutive() { return consecutive; }
    public int getCooldownMinutes() { return cooldownMinutes; }
    public Instant getCreatedAt() { return createdAt; }
    public long getRowVersion() { return rowVersion; }
    public long getSettingsVersion() { return settingsVersion; }

    /** The categorical input features whose values segment every drift metric: none, one or two. */
    public List<String> getSegmentFeatures() {
        return segments(segmentFeatures);
    }

    /** Carries out an approved change of the performance thresholds ({@code minimumAuc} null: not judged). */
    public void judgePerformance(Double minimumAuc, double maturityCoverage, int maturityDelayHours) {
        if (minimumAuc != null && !(minimumAuc > 0 && minimumAuc < 1) || !(maturityCoverage > 0 && maturityCoverage <= 1)
                || maturityDelayHours < 1) {
            throw new IllegalArgumentException("not valid performance thresholds: " + minimumAuc + ", " + maturityCoverage + ", "
                    + maturityDelayHours);
        }
        this.minimumAuc = minimumAuc;
        this.maturityCoverage = maturityCoverage;
        this.maturityDelayHours = maturityDelayHours;
    }

    /** Carries out an approved change of the monitor's settings. */
    public void change(double warningPsi, double breachPsi, long minimumRows, int consecutive, int cooldownMinutes, List<String> segmentFeatures) {
        if (!(warningPsi > 0) || breachPsi < warningPsi || minimumRows < 1 || consecutive < 1 || cooldownMinutes < 0
                || segmentFeatures.size() > 2) {
            throw new IllegalArgumentException("not a valid monitor: " + warningPsi + ", " + breachPsi + ", " + minimumRows + ", "
                    + consecutive + ", " + cooldownMinutes + ", " + segmentFeatures);
        }
        this.warningPsi = warningPsi;
        this.breachPsi = breachPsi;
        this.minimumRows = minimumRows;
        this.consecutive = consecutive;
        this.cooldownMinutes = cooldownMinutes;
        this.segmentFeatures = joined(segmentFeatures);
        this.settingsVersion++;
    }

    public static List<String> segments(String joined) {
        return joined == null || joined.isBlank() ? List.of() : Arrays.stream(joined.split(",")).map(String::strip).filter(s -> !s.isEmpty())
                .toList();
    }

    public static String joined(List<String> segments) {
        return segments == null || segments.isEmpty() ? null : String.join(",", segments);
    }

    public double getMaturityCoverage() { return maturityCoverage; }
    public int getMaturityDelayHours() { return maturityDelayHours; }
    public Double getMinimumAuc() { return minimumAuc; }
    /** Where its alerts are also posted; null: nowhere. */
    public String getWebhookUrl() { return webhookUrl; }

    public void postAlertsTo(String url) {
        this.webhookUrl = url;
    }
    public Double getMaximumMape() { return maximumMape; }
    public UUID getLabelSourceId() { return labelSourceId; }
    public String getLabelQuery() { return labelQuery; }
    public Integer getLabelQueryMinutes() { return labelQueryMinutes; }
    public String getLabelQueryBy() { return labelQueryBy; }
    public Instant getLabelQueryLastRun() { return labelQueryLastRun; }
    public String getLabelQueryLastOutcome() { return labelQueryLastOutcome; }

    /** Names (or, with a null source, removes) the query that imports the release's labels. */
    public void labelQuery(UUID sourceId, String sql, Integer everyMinutes, String by) {
        this.labelSourceId = sourceId;
        this.labelQuery = sourceId == null ? null : sql;
        this.labelQueryMinutes = sourceId == null ? null : everyMinutes;
        this.labelQueryBy = sourceId == null ? null : by;
        this.labelQueryLastRun = null;
        this.labelQueryLastOutcome = null;
    }

    public void labelQueryRan(Instant at, String outcome) {
        this.labelQueryLastRun = at;
        this.labelQueryLastOutcome = outcome.length() > 1000 ? outcome.substring(0, 1000) : outcome;
    }

    /** Whether the label query is due at {@code now}. */
    public boolean labelQueryDue(Instant now) {
        return labelSourceId != null && (labelQueryLastRun == null
                || !labelQueryLastRun.plus(java.time.Duration.ofMinutes(labelQueryMinutes)).isAfter(now));
    }
}
