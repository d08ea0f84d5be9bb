package io.esteira.deployments.domain;

import io.esteira.changes.Environment;
import io.esteira.deployments.DeploymentState;
import io.esteira.deployments.Rollout;
import io.esteira.deployments.ServingMode;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.time.Instant;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * A release of a model version to an endpoint of one business area: the endpoint is the name, shared
 * by the releases that follow each other on it (its history); at most two of them are live at once,
 * the stable one and a canary.
 */
@Entity
@Table(name = "deployment")
public class Deployment {

    public static final String EMBEDDED = "embedded";

    private static final Map<DeploymentState, Set<DeploymentState>> NEXT = Map.of(
            DeploymentState.PENDING_APPROVAL, EnumSet.of(DeploymentState.APPROVED, DeploymentState.REJECTED, DeploymentState.FAILED),
            DeploymentState.APPROVED, EnumSet.of(DeploymentState.DEPLOYING, DeploymentState.FAILED),
            DeploymentState.DEPLOYING, EnumSet.of(DeploymentState.LIVE, DeploymentState.SHADOW, DeploymentState.FAILED),
            DeploymentState.LIVE, EnumSet.of(DeploymentState.RETIRED),
            DeploymentState.SHADOW, EnumSet.of(DeploymentState.RETIRED),
            DeploymentState.FAILED, EnumSet.noneOf(DeploymentState.class),
            DeploymentState.REJECTED, EnumSet.noneOf(DeploymentState.class),
            DeploymentState.RETIRED, EnumSet.noneOf(DeploymentState.class));

    @Id
    private UUID id;
    @Column(name = "area_id", nullable = false)
    private UUID areaId;
    @Column(nullable = false)
    private String name;
    @Column(name = "model_id", nullable = false)
    private UUID modelId;
    @Column(name = "model_name", nullable = false)
    private String modelName;
    @Column(name = "model_version_id", nullable = false)
    private UUID modelVersionId;
    @Column(name = "model_version_number", nullable = false)
    private int modelVersionNumber;
    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    private Environment environment;
    @Enumerated(EnumType.STRING)
    @Column(name = "serving_mode", nullable = false)
    private ServingMode mode;
    @Column(nullable = false)
    private String target;
    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    private DeploymentState state;
    @Column(name = "failure_reason")
    private String failureReason;
    @Column(name = "change_id")
    private UUID changeId;
    @Column(nullable = false)
    private String justification;
    @Column(name = "rollback_plan")
    private String rollbackPlan;
    @Column(name = "requested_by", nullable = false)
    private String requestedBy;
    @Column(name = "requested_by_id", nullable = false)
    private UUID requestedById;
    @Column(name = "requested_at", nullable = false)
    private Instant requestedAt;
    @Column(name = "updated_at", nullable = false)
    private Instant updatedAt;
    @Column(name = "live_at")
    private Instant liveAt;
    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    private Rollout rollout = Rollout.ALL_AT_ONCE;
    @Column(name = "canary_percent")
    private Integer canaryPercent;
    @Column(name = "replaces_id")
    private UUID replacesId;
    @Column(nullable = false)
    private int replicas = 1;
    private String cpu;
    private String memory;
    @Column(name = "window_start")
    private Instant windowStart;
    @Column(name = "window_end")
    private Instant windowEnd;
    @Column(name = "log_sample_percent", nullable = false)
    private int logSamplePercent = 100;
    /** How long the prediction log keeps this release's calls, in days; null: the portal's default. */
    @Column(name = "log_retention_days")
    private Integer logRetentionDays;
    @Column(name = "retired_at")
    private Instant retiredAt;
    @Column(name = "retired_reason")
    private String retiredReason;
    @Column(name = "serving_url")
    private String servingUrl;
    @Version
    @Column(name = "row_version", nullable = false)
    private long rowVersion;

    protected Deployment() {
    }

    public Deployment(UUID areaId, String name, UUID modelId, String modelName, UUID modelVersionId, int modelVersionNumber,
            Environment environment, ServingMode mode, String justification, String rollbackPlan, String requestedBy, UUID requestedById, Instant now) {
        this.id = UUID.randomUUID();
        this.areaId = areaId;
        this.name = name;
        this.modelId = modelId;
        this.modelName = modelName;
        this.modelVersionId = modelVersionId;
        this.modelVersionNumber = modelVersionNumber;
        this.environment = environment;
        this.mode = mode;
        this.target = EMBEDDED;
        this.state = DeploymentState.PENDING_APPROVAL;
        this.justification = justification;
        this.rollbackPlan = rollbackPlan;
        this.requestedBy = requestedBy;
        this.requestedById = requestedById;
        this.requestedAt = now;
        this.updatedAt = requestedAt;
    }

    /** Where it runs, how it takes over its endpoint (replacing {@code replacesId}, the live release of the name, or null), and when. */
    public void plan(String target, Rollout rollout, Integer canaryPercent, UUID replacesId, int replicas, String cpu, String memory,
            Instant windowStart, Instant windowEnd, int logSamplePercent) {
        this.target = target;
        this.rollout = rollout;
        this.canaryPercent = canaryPercent;
        this.replacesId = replacesId;
        this.replicas = replicas;
        this.cpu = cpu;
        this.memory = memory;
        this.windowStart = windowStart;
        this.windowEnd = windowEnd;
        this.logSamplePercent = logSamplePercent;
    }

    /** A canary promoted: it takes all the calls. */
    public void promote(Instant now) {
        this.canaryPercent = null;
        this.updatedAt = now;
    }

    public void submittedAs(UUID changeId) {
        this.changeId = changeId;
    }

    /** Moves to the next state; a move the lifecycle does not allow is a bug of the caller. */
    public DeploymentState moveTo(DeploymentState next, String reason, Instant now) {
        if (!NEXT.get(state).contains(next)) {
            throw new IllegalStateException("A deployment " + state + " cannot become " + next);
        }
        DeploymentState from = state;
        state = next;
        updatedAt = now;
        if (next == DeploymentState.LIVE || next == DeploymentState.SHADOW) {
            liveAt = updatedAt;
        }
        if (next == DeploymentState.RETIRED) {
            retiredAt = updatedAt;
            retiredReason = reason == null ? null : reason.length() > 2000 ? reason.substring(0, 2000) : reason;
        }
        if (next == DeploymentState.FAILED || next == DeploymentState.REJECTED) {
            failureReason = reason == null ? null : reason.length() > 2000 ? reason.substring(0, 2000) : reason;
        }
        return from;
    }

    public UUID getId() { return id; }
    public UUID getAreaId() { return areaId; }
    public String getName() { return name; }
    public UUID getModelId() { return modelId; }
    public String getModelName() { return modelName; }
    public UUID getModelVersionId() { return modelVersionId; }
    public int getModelVersionNumber() { return modelVersionNumber; }
    public Environment getEnvironment() { return environment; }
    public ServingMode getMode() { return mode; }
    public String getTarget() { return target; }
    public DeploymentState getState() { return state; }
    public String getFailureReason() { return failureReason; }
    public UUID getChangeId() { return changeId; }
    public String getJustification() { return justification; }
    public String getRollbackPlan() { return rollbackPlan; }
    public String getRequestedBy() { return requestedBy; }
    public UUID getRequestedById() { return requestedById; }
    public Instant getRequestedAt() { return requestedAt; }
    public Instant getUpdatedAt() { return updatedAt; }
    public Instant getLiveAt() { return liveAt; }
    public Rollout getRollout() { return rollout; }
    /** The canary's share of the calls while it splits them with the stable release; null otherwise. */
    public Integer getCanaryPercent() { return canaryPercent; }
    public UUID getReplacesId() { return replacesId; }
    public int getReplicas() { return replicas; }
    public String getCpu() { return cpu; }
    public String getMemory() { return memory; }
    public Instant getWindowStart() { return windowStart; }
    public Instant getWindowEnd() { return windowEnd; }
    public int getLogSamplePercent() { return logSamplePercent; }
    public Integer getLogRetentionDays() { return logRetentionDays; }

    /** Keeps this release's prediction log for so many days; null: the portal's default. */
    public void keepLogFor(Integer days) {
        this.logRetentionDays = days;
    }
    public Instant getRetiredAt() { return retiredAt; }
    public String getRetiredReason() { return retiredReason; }
    /** Where applications call the release when its target serves it outside the portal (KServe's URL); null on the embedded target. */
    public String getServingUrl() { return servingUrl; }
}
