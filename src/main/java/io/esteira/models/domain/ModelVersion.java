package io.esteira.models.domain;

import jakarta.persistence.CollectionTable;
import jakarta.persistence.Column;
import jakarta.persistence.ElementCollection;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
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

/**
 * A registered version of a model. Everything said at registration is immutable: there are no
 * setters for it; only the artifact's measured size and checksum (while it is stored) and the
 * quality gates' progress and results change afterwards.
 */
@Entity
@Table(name = "model_version")
public class ModelVersion {

    public enum Format { ONNX, EXTERNAL }

    public enum GatesState { PENDING, RUNNING, PASSED, FAILED, INCOMPLETE }

    @Id
    private UUID id;
    @Column(name = "model_id", nullable = false)
    private UUID modelId;
    @Column(name = "area_id", nullable = false)
    private UUID areaId;
    private int number;
    @Enumerated(EnumType.STRING)
    @Column(name = "artifact_format", nullable = false)
    private Format format;
    @Column(name = "artifact_uri")
    private String artifactUri;
    @Column(name = "artifact_size", nullable = false)
    private long artifactSize;
    private String sha256;
    @Column(name = "declared_sha256")
    private String declaredSha256;
    @Column(nullable = false)
    private String signature;
    @Column(nullable = false)
    private String metrics;
    @Column(nullable = false)
    private String parameters;
    @Column(nullable = false)
    private String lineage;
    @Column(name = "sample_rows")
    private String sampleRows;
    @Column(name = "source_commit")
    private String sourceCommit;
    @Column(name = "ci_run_url")
    private String ciRunUrl;
    @Column(name = "model_card", nullable = false)
    private String modelCard;
    @Column(name = "registered_by", nullable = false)
    private String registeredBy;
    @Column(name = "registered_by_type", nullable = false)
    private String registeredByType;
    @Column(name = "registered_by_id", nullable = false)
    private UUID registeredById;
    @Column(name = "registered_at", nullable = false)
    private Instant registeredAt;
    @Enumerated(EnumType.STRING)
    @Column(name = "gates_state", nullable = false)
    private GatesState gatesState;
    @Column(name = "gates_node")
    private String gatesNode;
    @Column(name = "gates_started_at")
    private Instant gatesStartedAt;
    @Column(name = "gates_finished_at")
    private Instant gatesFinishedAt;
    @Version
    @Column(name = "row_version")
    private long rowVersion;
    @ElementCollection(fetch = FetchType.EAGER)
    @CollectionTable(name = "model_gate_result", joinColumns = @JoinColumn(name = "version_id"))
    @OrderColumn(name = "position")
    private List<GateRow> gates = new ArrayList<>();

    protected ModelVersion() {
    }

    /** The JSON fields are written by the registry, which also reads them. */
    public ModelVersion(UUID modelId, UUID areaId, int number, Format format, String artifactUri, String declaredSha256, String signature,
            String metrics, String parameters, String lineage, String sampleRows, String sourceCommit, String ciRunUrl, String modelCard,
            String registeredBy, String registeredByType, UUID registeredById, Instant now) {
        this.id = UUID.randomUUID();
        this.modelId = modelId;
        this.areaId = areaId;
        this.number = number;
        this.format = format;
        this.artifactUri = artifactUri;
        this.declaredSha256 = declaredSha256;
        this.signature = signature;
        this.metrics = metrics;
        this.parameters = parameters;
        this.lineage = lineage;
        this.sampleRows = sampleRows;
        this.sourceCommit = sourceCommit;
        this.ciRunUrl = ciRunUrl;
        this.modelCard = modelCard;
        this.registeredBy = registeredBy;
        this.registeredByType = registeredByType;
        this.registeredById = registeredById;
        this.registeredAt = now;
        this.gatesState = GatesState.PENDING;
    }

    /** Once, while the registration stores the bytes. */
    public void artifactStored(long size, String sha256) {
        if (this.sha256 != null) {
            throw new IllegalStateException("The artifact of version " + number + " is stored already");
        }
        this.artifactSize = size;
        this.sha256 = sha256;
    }

    public void gatesRunning(String node, Instant now) {
        this.gatesState = GatesState.RUNNING;
        this.gatesNode = node;
        this.gatesStartedAt = now;
    }

    public void gatesFinished(List<GateRow> results, Instant now) {
        if (gatesState == GatesState.PASSED || gatesState == GatesState.FAILED || gatesState == GatesState.INCOMPLETE) {
            throw new IllegalStateException("The gates of version " + number + " ran already");
        }
        this.gates = new ArrayList<>(results);
        boolean failed = results.stream().anyMatch(r -> r.getState().equals("FAILED"));
        boolean allPassed = !results.isEmpty() && results.stream().allMatch(r -> r.getState().equals("PASSED"));
        this.gatesState = failed ? GatesState.FAILED : allPassed ? GatesState.PASSED : GatesState.INCOMPLETE;
        this.gatesFinishedAt = now;
    }

    public UUID getId() { return id; }
    public UUID getModelId() { return modelId; }
    public UUID getAreaId() { return areaId; }
    public int getNumber() { return number; }
    public Format getFormat() { return format; }
    public String getArtifactUri() { return artifactUri; }
    public long getArtifactSize() { return artifactSize; }
    public String getSha256() { return sha256; }
    public String getDeclaredSha256() { return declaredSha256; }
    public String getSignature() { return signature; }
    public String getMetrics() { return metrics; }
    public String getParameters() { return parameters; }
    public String getLineage() { return lineage; }
    public String getSampleRows() { return sampleRows; }
    public String getSourceCommit() { return sourceCommit; }
    public String getCiRunUrl() { return ciRunUrl; }
    public String getModelCard() { return modelCard; }
    public String getRegisteredBy() { return registeredBy; }
    public String getRegisteredByType() { return registeredByType; }
    public UUID getRegisteredById() { return registeredById; }
    public Instant getRegisteredAt() { return registeredAt; }
    public GatesState getGatesState() { return gatesState; }
    public String getGatesNode() { return gatesNode; }
    public Instant getGatesStartedAt() { return gatesStartedAt; }
    public Instant getGatesFinishedAt() { return gatesFinishedAt; }
    public List<GateRow> getGates() { return List.copyOf(gates); }
}
