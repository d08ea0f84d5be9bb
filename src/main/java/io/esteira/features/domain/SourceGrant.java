package io.esteira.features.domain;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;
import java.io.Serializable;
import java.time.Instant;
import java.util.UUID;

/** An area may query a platform-wide data source, in one schema or in all ({@link #EVERY_SCHEMA}). */
@Entity
@Table(name = "source_grant")
@IdClass(SourceGrant.Key.class)
public class SourceGrant {

    public static final String EVERY_SCHEMA = "*";

    public record Key(UUID sourceId, UUID areaId, String schemaName) implements Serializable {
    }

    @Id
    private UUID sourceId;
    @Id
    private UUID areaId;
    @Id
    private String schemaName;
    @Column(nullable = false)
    private String grantedBy;
    @Column(nullable = false)
    private Instant grantedAt;

    protected SourceGrant() {
    }

    public SourceGrant(UUID sourceId, UUID areaId, String schemaName, String grantedBy, Instant grantedAt) {
        this.sourceId = sourceId;
        this.areaId = areaId;
        this.schemaName = schemaName;
        this.grantedBy = grantedBy;
        this.grantedAt = grantedAt;
    }

    public boolean covers(String schema) {
        return EVERY_SCHEMA.equals(schemaName) || schema != null && schemaName.equalsIgnoreCase(schema);
    }

    public UUID getSourceId() { return sourceId; }
    public UUID getAreaId() { return areaId; }
    public String getSchemaName() { return schemaName; }
    public String getGrantedBy() { return grantedBy; }
    public Instant getGrantedAt() { return grantedAt; }
}
