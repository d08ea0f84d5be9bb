package io.esteira.deployments.domain;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.util.UUID;

/**
 * What a batch release scores, as requested and approved: its input resolved to a data source and a
 * query (a feature group's published version at request time, or the requester's query), the output
 * table of the area's schema and the schedule.
 */
@Entity
@Table(name = "deployment_batch")
public class BatchRelease {

    @Id
    @Column(name = "deployment_id")
    private UUID deploymentId;
    @Column(name = "area_id", nullable = false)
    private UUID areaId;
    @Column(name = "input_kind", nullable = false)
    private String inputKind;
    @Column(name = "feature_group")
    private String featureGroup;
    @Column(name = "feature_group_version")
    private Integer featureGroupVersion;
    @Column(name = "source_id", nullable = false)
    private UUID sourceId;
    @Column(name = "query_sql", nullable = false)
    private String sql;
    @Column(name = "output_table", nullable = false)
    private String outputTable;
    @Column(nullable = false)
    private String cron;
    @Column(name = "time_zone", nullable = false)
    private String zone;
    @Column(name = "business_calendar", nullable = false)
    private String calendar;

    protected BatchRelease() {
    }

    public BatchRelease(UUID deploymentId, UUID areaId, String inputKind, String featureGroup, Integer featureGroupVersion, UUID sourceId,
            String sql, String outputTable, String cron, String zone, String calendar) {
        this.deploymentId = deploymentId;
        this.areaId = areaId;
        this.inputKind = inputKind;
        this.featureGroup = featureGroup;
        this.featureGroupVersion = featureGroupVersion;
        this.sourceId = sourceId;
        this.sql = sql;
        this.outputTable = outputTable;
        this.cron = cron;
        this.zone = zone;
        this.calendar = calendar;
    }

    public UUID getDeploymentId() { return deploymentId; }
    public UUID getAreaId() { return areaId; }
    public String getInputKind() { return inputKind; }
    public String getFeatureGroup() { return featureGroup; }
    public Integer getFeatureGroupVersion() { return featureGroupVersion; }
    public UUID getSourceId() { return sourceId; }
    public String getSql() { return sql; }
    public String getOutputTable() { return outputTable; }
    public String getCron() { return cron; }
    public String getZone() { return zone; }
    public String getCalendar() { return calendar; }
}
