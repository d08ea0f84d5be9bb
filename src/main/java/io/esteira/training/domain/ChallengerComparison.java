package io.esteira.training.domain;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/**
 * A challenger version compared with the champion (the live release's version) on the same matured, labelled
 * recent rows of the release: each side's metrics, calibration and ONNX latency ({@code result}, JSON), or why it
 * could not be compared ({@code FAILED}).
 */
@Entity
@Table(name = "challenger_comparison")
public class ChallengerComparison {

    @Id
    private UUID id;
    @Column(name = "area_id", nullable = false)
    private UUID areaId;
    @Column(name = "model_id", nullable = false)
    private UUID modelId;
    @Column(name = "recommendation_id")
    private UUID recommendationId;
    @Column(name = "release_id", nullable = false)
    private UUID releaseId;
    @Column(name = "champion_version_id", nullable = false)
    private UUID championVersionId;
    @Column(name = "champion_version")
    private int championVersion;
    @Column(name = "challenger_version_id", nullable = false)
    private UUID challengerVersionId;
    @Column(name = "challenger_version")
    private int challengerVersion;
    @Column(name = "window_from", nullable = false)
    private Instant windowFrom;
    @Column(name = "window_to", nullable = false)
    private Instant windowTo;
    @Column(nullable = false)
    private String state;
    private String reason;
    @Column(name = "rows_compared")
    private int rowsCompared;
    private int positives;
    @Column(nullable = false)
    private String result;
    @Column(name = "computed_at", nullable = false)
    private Instant computedAt;

    protected ChallengerComparison() {
    }

    public ChallengerComparison(UUID areaId, UUID modelId, UUID recommendationId, UUID releaseId, UUID championVersionId, int championVersion,
            UUID challengerVersionId, int challengerVersion, Instant windowFrom, Instant windowTo, String state, String reason,
            int rowsCompared, int positives, String result, Instant computedAt) {
        this.id = UUID.randomUUID();
        this.areaId = areaId;
        this.modelId = modelId;
        this.recommendationId = recommendationId;
        this.releaseId = releaseId;
        this.championVersionId = championVersionId;
        this.championVersion = championVersion;
        this.challengerVersionId = challengerVersionId;
        this.challengerVersion = challengerVersion;
        this.windowFrom = windowFrom;
        this.windowTo = windowTo;
        this.state = state;
        this.reason = reason == null ? null : reason.length() > 2000 ? reason.substring(0, 1999) + "…" : reason;
        this.rowsCompared = rowsCompared;
        this.positives = positives;
        this.result = result;
        this.computedAt = computedAt;
    }

    public UUID getId() { return id; }
    public UUID getAreaId() { return areaId; }
    public UUID getModelId() { return modelId; }
    public UUID getRecommendationId() { return recommendationId; }
    public UUID getReleaseId() { return releaseId; }
    public UUID getChampionVersionId() { return championVersionId; }
    public int getChampionVersion() { return championVersion; }
    public UUID getChallengerVersionId() { return challengerVersionId; }
    public int getChallengerVersion() { return challengerVersion; }
    public Instant getWindowFrom() { return windowFrom; }
    public Instant getWindowTo() { return windowTo; }
    public String getState() { return state; }
    public String getReason() { return reason; }
    public int getRowsCompared() { return rowsCompared; }
    public int getPositives() { return positives; }
    public String getResult() { return result; }
    public Instant getComputedAt() { return computedAt; }
}
