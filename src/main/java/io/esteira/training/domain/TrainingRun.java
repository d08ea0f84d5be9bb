package io.esteira.training.domain;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.UUID;

/**
 * One run of a training job. It keeps what it ran with (size, time limit, seed, parameters) and who asked,
 * so that it can act for them later (reading the training set, registering the version), and what it
 * produced: the code and data it saw (hashes, rows, group versions, range), its metrics and the version.
 */
@Entity
@Table(name = "training_run")
public class TrainingRun {

    @Id
    private UUID id;
    @Column(name = "job_id", nullable = false)
    private UUID jobId;
    @Column(name = "area_id", nullable = false)
    private UUID areaId;
    private int number;
    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    private RunState state;
    private String reason;
    @Column(nullable = false)
    private String runner;
    private String node;
    private Long pid;
    @Column(name = "pid_started_at")
    private Instant pidStartedAt;
    @Column(name = "requested_by_id", nullable = false)
    private UUID requestedById;
    @Column(name = "requested_by", nullable = false)
    private String requestedBy;
    @Column(name = "requested_by_name", nullable = false)
    private String requestedByName;
    @Column(name = "requested_by_type", nullable = false)
    private String requestedByType;
    @Column(name = "requested_by_roles", nullable = false)
    private String requestedByRoles;
    @Column(name = "requested_by_token")
    private String requestedByToken;
    @Column(name = "requested_by_scope")
    private UUID requestedByScope;
    @Column(name = "size_code", nullable = false)
    private String sizeCode;
    private int vcpu;
    @Column(name = "memory_gib")
    private int memoryGib;
    @Column(name = "gpu_type")
    private String gpuType;
    @Column(name = "gpu_count")
    private int gpuCount;
    @Column(name = "max_run_minutes")
    private int maxRunMinutes;
    private long seed;
    @Column(nullable = false)
    private String parameters;
    @Column(name = "estimated_cost")
    private BigDecimal estimatedCost;
    private String currency;
    @Column(name = "queued_at", nullable = false)
    private Instant queuedAt;
    @Column(name = "started_at")
    private Instant startedAt;
    @Column(name = "finished_at")
    private Instant finishedAt;
    @Column(name = "heartbeat_at")
    private Instant heartbeatAt;
    @Column(name = "cancel_requested_at")
    private Instant cancelRequestedAt;
    @Column(name = "cancel_requested_by")
    private String cancelRequestedBy;
    @Column(name = "code_hash")
    private String codeHash;
    @Column(name = "data_hash")
    private String dataHash;
    @Column(name = "data_rows")
    private Long dataRows;
    @Column(name = "data_groups")
    private String dataGroups;
    @Column(name = "data_from")
    private Instant dataFrom;
    @Column(name = "data_to")
    private Instant dataTo;
    private String metrics;
    @Column(name = "model_version_id")
    private UUID modelVersionId;
    @Column(name = "model_version")
    private Integer modelVersion;
    /** The schedule's fire that started it, or null when it was started by hand. */
    @Column(name = "scheduled_for")
    private Instant scheduledFor;
    @Column(name = "log_bytes")
    private long logBytes;
    /** The retraining recommendation that started the run, if one did. */
    @Column(name = "recommendation_id")
    private UUID recommendationId;
    /** The training window the run was given in place of its job's (a recommendation's fresh window), or null. */
    @Column(name = "window_from")
    private Instant windowFrom;
    @Column(name = "window_to")
    private Instant windowTo;
    @Column(name = "run_token_hash")
    private String runTokenHash;
    @Column(name = "run_token_expires_at")
    private Instant runTokenExpiresAt;
    private String workload;
    @Version
    @Column(name = "row_version")
    private long version;

    protected TrainingRun() {
    }

    /** The person or pipeline who asked for the run, as it acts for them later. */
    public record Requester(UUID id, String username, String displayName, String actorType, String roles, String tokenName, UUID areaScope) {
    }

    /** The resources the run holds while it runs. */
    public record Size(String code, int vcpu, int memoryGib, String gpuType, int gpuCount) {
    }

    public TrainingRun(TrainingJob job, int number, String runner, Requester requester, Size size, String parameters,
            BigDecimal estimatedCost, String currency, Instant now) {
        this.id = UUID.randomUUID();
        this.jobId = job.getId();
        this.areaId = job.getAreaId();
        this.number = number;
        this.state = RunState.QUEUED;
        this.runner = runner;
        this.requestedById = requester.id();
        this.requestedBy = requester.username();
        this.requestedByName = requester.displayName();
        this.requestedByType = requester.actorType();
        this.requestedByRoles = requester.roles();
        this.requestedByToken = requester.tokenName();
        this.requestedByScope = requester.areaScope();
        this.sizeCode = size.code();
        this.vcpu = size.vcpu();
        this.memoryGib = size.memoryGib();
        this.gpuType = size.gpuType();
        this.gpuCount = size.gpuCount();
        this.maxRunMinutes = job.getMaxRunMinutes();
        this.seed = job.getSeed();
        this.parameters = parameters;
        this.estimatedCost = estimatedCost;
        this.currency = currency;
        this.queuedAt = now;
    }

    /** @throws IllegalStateException when the run is not where the step starts from */
    public void running(long pid, Instant pidStartedAt, Instant now) {
        require(RunState.STARTING);
        this.state = RunState.RUNNING;
        this.pid = pid;
        this.pidStartedAt = pidStartedAt;
        this.heartbeatAt = now;
    }

    /** As {@link #running(long, Instant, Instant)}, for a workload of a remote runner (e.g. {@code namespace/job}). */
    public void running(long pid, Instant pidStartedAt, String workload, Instant now) {
        running(pid, pidStartedAt, now);
        this.workload = workload;
    }

    /** The run's one-time token for the portal's run endpoints: only its hash is kept, valid until {@code expiresAt} or the run's end. */
    public void tokenIssued(String hash, Instant expiresAt) {
        if (state.finished()) {
            throw new IllegalStateException("The run has ended already (" + state.name().toLowerCase() + ")");
        }
        this.runTokenHash = hash;
        this.runTokenExpiresAt = expiresAt;
    }

    /** Whether {@code hash} is the run's token and the token still admits: the run is under way and the token has not expired. */
    public boolean admits(String hash, Instant now) {
        return runTokenHash != null && hash != null && !state.finished() && runTokenExpiresAt != null && now.isBefore(runTokenExpiresAt)
                && java.security.MessageDigest.isEqual(runTokenHash.getBytes(java.nio.charset.StandardCharsets.US_ASCII),
                        hash.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
    }

    public void finish(RunState end, String reason, Instant now) {
        if (!end.finished()) {
            throw new IllegalArgumentException(end + " is not an end");
        }
        if (state.finished()) {
            throw new IllegalStateException("The run has ended already (" + state.name().toLowerCase() + ")");
        }
        this.state = end;
        this.runTokenHash = null;
        this.runTokenExpiresAt = null;
        this.reason = reason == null ? null : reason.length() > 2000 ? reason.substring(0, 1999) + "…" : reason;
        this.finishedAt = now;
    }

    public void scheduledFor(Instant fire) {
        this.scheduledFor = fire;
    }

    public void cancelRequested(String by, Instant now) {
        this.cancelRequestedAt = now;
        this.cancelRequestedBy = by;
    }

    public void codeSeen(String hash) {
        this.codeHash = hash;
    }

    public void dataSeen(String hash, long rows, String groups, Instant from, Instant to) {
        this.dataHash = hash;
        this.dataRows = rows;
        this.dataGroups = groups;
        this.dataFrom = from;
        this.dataTo = to;
    }

    public void produced(String metrics, UUID modelVersionId, int modelVersion) {
        this.metrics = metrics;
        this.modelVersionId = modelVersionId;
        this.modelVersion = modelVersion;
    }

    /** A run started by a retraining recommendation trains on its fresh window rather than its job's time range. */
    public void triggeredBy(UUID recommendationId, Instant windowFrom, Instant windowTo) {
        this.recommendationId = recommendationId;
        this.windowFrom = windowFrom;
        this.windowTo = windowTo;
    }

    public void metricsRead(String metrics) {
        this.metrics = metrics;
    }

    public void logged(long bytes) {
        this.logBytes = bytes;
    }

    private void require(RunState expected) {
        if (state != expected) {
            throw new IllegalStateException("The run is " + state.name().toLowerCase() + ", not " + expected.name().toLowerCase());
        }
    }

    public UUID getId() { return id; }
    public UUID getJobId() { return jobId; }
    public UUID getAreaId() { return areaId; }
    public int getNumber() { return number; }
    public RunState getState() { return state; }
    public String getReason() { return reason; }
    public String getRunner() { return runner; }
    public String getNode() { return node; }
    public Long getPid() { return pid; }
    public Instant getPidStartedAt() { return pidStartedAt; }
    public UUID getRequestedById() { return requestedById; }
    public String getRequestedBy() { return requestedBy; }
    public String getRequestedByName() { return requestedByName; }
    public String getRequestedByType() { return requestedByType; }
    public String getRequestedByRoles() { return requestedByRoles; }
    public String getRequestedByToken() { return requestedByToken; }
    public UUID getRequestedByScope() { return requestedByScope; }
    public String getSizeCode() { return sizeCode; }
    public int getVcpu() { return vcpu; }
    public int getMemoryGib() { return memoryGib; }
    public String getGpuType() { return gpuType; }
    public int getGpuCount() { return gpuCount; }
    public int getMaxRunMinutes() { return maxRunMinutes; }
    public long getSeed() { return seed; }
    public String getParameters() { return parameters; }
    public BigDecimal getEstimatedCost() { return estimatedCost; }
    public String getCurrency() { return currency; }
    public Instant getQueuedAt() { return queuedAt; }
    public Instant getStartedAt() { return startedAt; }
    public Instant getFinishedAt() { return finishedAt; }
    public Instant getHeartbeatAt() { return heartbeatAt; }
    public Instant getCancelRequestedAt() { return cancelRequestedAt; }
    public String getCancelRequestedBy() { return cancelRequestedBy; }
    public String getCodeHash() { return codeHash; }
    public String getDataHash() { return dataHash; }
    public Long getDataRows() { return dataRows; }
    public String getDataGroups() { return dataGroups; }
    public Instant getDataFrom() { return dataFrom; }
    public Instant getDataTo() { return dataTo; }
    public String getMetrics() { return metrics; }
    public UUID getModelVersionId() { return modelVersionId; }
    public Integer getModelVersion() { return modelVersion; }
    public long getLogBytes() { return logBytes; }
    public UUID getRecommendationId() { return recommendationId; }
    public Instant getWindowFrom() { return windowFrom; }
    public Instant getWindowTo() { return windowTo; }
    public String getWorkload() { return workload; }
    public Instant getRunTokenExpiresAt() { return runTokenExpiresAt; }
    public Instant getScheduledFor() { return scheduledFor; }
    public long getVersion() { return version; }
}
