package io.esteira.features.domain;

import jakarta.persistence.CollectionTable;
import jakarta.persistence.Column;
import jakarta.persistence.ElementCollection;
import jakarta.persistence.Entity;
import jakarta.persistence.FetchType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.OrderColumn;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/** One version of a feature group: where its rows come from, its schema, rules and statistics. Immutable once published. */
@Entity
@Table(name = "feature_group_version")
public class FeatureGroupVersion {

    public enum Status { DRAFT, PUBLISHED, DEPRECATED }

    public enum StatisticsState { PENDING, RUNNING, DONE, FAILED }

    @Id
    private UUID id;
    @Column(name = "group_id", nullable = false)
    private UUID groupId;
    private int number;
    @Column(nullable = false)
    @jakarta.persistence.Enumerated(jakarta.persistence.EnumType.STRING)
    private Status status;
    @Column(name = "source_id", nullable = false)
    private UUID sourceId;
    @Column(name = "source_schema")
    private String sourceSchema;
    @Column(name = "source_table")
    private String sourceTable;
    @Column(name = "source_sql")
    private String sourceSql;
    @Column(name = "entity_keys", nullable = false)
    private String entityKeys;
    @Column(name = "event_time_column", nullable = false)
    private String eventTimeColumn;
    @Column(name = "statistics_state", nullable = false)
    @jakarta.persistence.Enumerated(jakarta.persistence.EnumType.STRING)
    private StatisticsState statisticsState;
    @Column(name = "statistics_rows")
    private Long statisticsRows;
    @Column(name = "statistics_error")
    private String statisticsError;
    @Column(name = "statistics_at")
    private Instant statisticsAt;
    @Column(name = "created_by", nullable = false)
    private String createdBy;
    @Column(name = "created_at", nullable = false)
    private Instant createdAt;
    @Column(name = "published_at")
    private Instant publishedAt;
    @Column(name = "deprecated_at")
    private Instant deprecatedAt;
    @Version
    @Column(name = "row_version")
    private long rowVersion;
    @ElementCollection(fetch = FetchType.EAGER)
    @CollectionTable(name = "feature", joinColumns = @JoinColumn(name = "version_id"))
    @OrderColumn(name = "position")
    private List<Feature> features = new ArrayList<>();
    @ElementCollection(fetch = FetchType.EAGER)
    @CollectionTable(name = "feature_statistics", joinColumns = @JoinColumn(name = "version_id"))
    private List<FeatureStats> statistics = new ArrayList<>();

    protected FeatureGroupVersion() {
    }

    public FeatureGroupVersion(UUID groupId, int number, UUID sourceId, String sourceSchema, String sourceTable, String sourceSql,
            List<String> entityKeys, String eventTimeColumn, List<Feature> features, String createdBy, Instant now) {
        this.id = UUID.randomUUID();
        this.groupId = groupId;
        this.number = number;
        this.status = Status.DRAFT;
        this.sourceId = sourceId;
        this.sourceSchema = sourceSchema;
        this.sourceTable = sourceTable;
        this.sourceSql = sourceSql;
        this.entityKeys = String.join(",", entityKeys);
        this.eventTimeColumn = eventTimeColumn;
        this.features.addAll(features);
        this.statisticsState = StatisticsState.PENDING;
        this.createdBy = createdBy;
        this.createdAt = now;
    }

    public void statisticsRunning() {
        this.statisticsState = StatisticsState.RUNNING;
        this.statisticsError = null;
    }

    public void statisticsDone(List<FeatureStats> stats, long rows, Instant at) {
        this.statistics.clear();
        this.statistics.addAll(stats);
        this.statisticsRows = rows;
        this.statisticsAt = at;
        this.statisticsState = StatisticsState.DONE;
        this.statisticsError = null;
    }

    public void statisticsFailed(String error) {
        this.statisticsState = StatisticsState.FAILED;
        this.statisticsError = error == null ? "unknown error" : error.substring(0, Math.min(error.length(), 1000));
    }

    public void publish(Instant at) {
        if (status != Status.DRAFT) {
            throw new IllegalStateException("Only a draft can be published; version " + number + " is " + status);
        }
        this.status = Status.PUBLISHED;
        this.publishedAt = at;
    }

    public void deprecate(Instant at) {
        this.status = Status.DEPRECATED;
        this.deprecatedAt = at;
    }

    public List<String> entityKeyList() {
        return List.of(entityKeys.split(","));
    }

    public UUID getId() { return id; }
    public UUID getGroupId() { return groupId; }
    public int getNumber() { return number; }
    public Status getStatus() { return status; }
    public UUID getSourceId() { return sourceId; }
    public String getSourceSchema() { return sourceSchema; }
    public String getSourceTable() { return sourceTable; }
    public String getSourceSql() { return sourceSql; }
    public String getEventTimeColumn() { return eventTimeColumn; }
    public StatisticsState getStatisticsState() { return statisticsState; }
    public Long getStatisticsRows() { return statisticsRows; }
    public String getStatisticsError() { return statisticsError; }
    public Instant getStatisticsAt() { return statisticsAt; }
    public String getCreatedBy() { return createdBy; }
    public Instant getCreatedAt() { return createdAt; }
    public Instant getPublishedAt() { return publishedAt; }
    public Instant getDeprecatedAt() { return deprecatedAt; }
    public List<Feature> getFeatures() { return List.copyOf(features); }
    public List<FeatureStats> getStatistics() { return List.copyOf(statistics); }
}
