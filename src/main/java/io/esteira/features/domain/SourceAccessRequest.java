package io.esteira.features.domain;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * An area asks for what a refused query needed: a {@link Kind#GRANT} on a platform-wide source
 * (schema, or one table of it), decided by an administrator; or {@link Kind#PERSONAL_COLUMNS} that
 * an administrator classified as another area's personal data, decided by that area's manager.
 */
@Entity
@Table(name = "source_access_request")
public class SourceAccessRequest {

    public enum Kind { GRANT, PERSONAL_COLUMNS }

    public enum State { REQUESTED, APPROVED, REJECTED, REVOKED }

    @Id
    private UUID id;
    @Column(name = "source_id", nullable = false)
    private UUID sourceId;
    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    private Kind kind;
    @Column(name = "requester_area_id", nullable = false)
    private UUID requesterAreaId;
    @Column(name = "owner_area_id")
    private UUID ownerAreaId;
    @Column(name = "schema_name", nullable = false)
    private String schemaName;
    @Column(name = "table_name", nullable = false)
    private String tableName;
    @Column(name = "columns_list")
    private String columns;
    @Column(nullable = false)
    private String justification;
    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    private State state;
    @Column(name = "requested_by", nullable = false)
    private String requestedBy;
    @Column(name = "requested_by_name", nullable = false)
    private String requestedByName;
    @Column(name = "requested_at", nullable = false)
    private Instant requestedAt;
    @Column(name = "decided_by")
    private String decidedBy;
    @Column(name = "decided_by_name")
    private String decidedByName;
    @Column(name = "decided_at")
    private Instant decidedAt;
    @Column(name = "decision_comment")
    private String decisionComment;
    @Version
    @Column(name = "row_version")
    private long rowVersion;

    protected SourceAccessRequest() {
    }

    public SourceAccessRequest(UUID sourceId, Kind kind, UUID requesterAreaId, UUID ownerAreaId, String schemaName, String tableName,
            List<String> columns, String justification, String requestedBy, String requestedByName, Instant at) {
        this.id = UUID.randomUUID();
        this.sourceId = sourceId;
        this.kind = kind;
        this.requesterAreaId = requesterAreaId;
        this.ownerAreaId = ownerAreaId;
        this.schemaName = schemaName;
        this.tableName = tableName;
        this.columns = columns == null || columns.isEmpty() ? null : String.join(",", columns);
        this.justification = justification;
        this.state = State.REQUESTED;
        this.requestedBy = requestedBy;
        this.requestedByName = requestedByName;
        this.requestedAt = at;
    }

    public void decide(State decision, String by, String byName, String comment, Instant at) {
        boolean allowed = switch (decision) {
            case APPROVED, REJECTED -> state == State.REQUESTED;
            case REVOKED -> state == State.APPROVED;
            case REQUESTED -> false;
        };
        if (!allowed) {
            throw new IllegalStateException("A request that is " + state.name().toLowerCase() + " cannot become " + decision.name().toLowerCase());
        }
        this.state = decision;
        this.decidedBy = by;
        this.decidedByName = byName;
        this.decisionComment = comment;
        this.decidedAt = at;
    }

    public List<String> columnList() {
        return columns == null ? List.of() : List.of(columns.split(","));
    }

    public UUID getId() { return id; }
    public UUID getSourceId() { return sourceId; }
    public Kind getKind() { return kind; }
    public UUID getRequesterAreaId() { return requesterAreaId; }
    public UUID getOwnerAreaId() { return ownerAreaId; }
    public String getSchemaName() { return schemaName; }
    public String getTableName() { return tableName; }
    public String getJustification() { return justification; }
    public State getState() { return state; }
    public String getRequestedBy() { return requestedBy; }
    public String getRequestedByName() { return requestedByName; }
    public Instant getRequestedAt() { return requestedAt; }
    public String getDecidedBy() { return decidedBy; }
    public String getDecidedByName() { return decidedByName; }
    public Instant getDecidedAt() { return decidedAt; }
    public String getDecisionComment() { return decisionComment; }
    public long getRowVersion() { return rowVersion; }
}
