package io.esteira.features.domain;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;
import java.io.Serializable;
import java.time.Instant;
import java.util.UUID;

/**
 * An area may query a platform-wide data source: in one schema or in all ({@link #EVERY_SCHEMA}),
 * every table of it or one ({@link #EVERY_TABLE}).
 */
@Entity
@Table(name = "source_grant")
@IdClass(SourceGrant.Key.class)
public class SourceGrant {

    public static final String EVERY_SCHEMA = "*";
    public static final String EVERY_TABLE = "*";

    public record Key(UUID sourceId, UUID areaId, String schemaName, String tableName) implements Serializable {
    }

    @Id
    private UUID sourceId;
    @Id
    private UUID areaId;
    @Id
    private String schemaName;
    @Id
    private String tableName;
    @Column(nullable = false)
    private String grantedBy;
    @Column(nullable = false)
    private Instant grantedAt;

    protected SourceGrant() {
    }

    public SourceGrant(UUID sourceId, UUID areaId, String schemaName, String tableName, String grantedBy, Instant grantedAt) {
        this.sourceId = sourceId;
        this.areaId = areaId;
        this.schemaName = schemaName;
        this.tableName = tableName;
        this.grantedBy = grantedBy;
        this.grantedAt = grantedAt;
    }

    /** Whether it covers a table named with its schema ({@code schema} null: unqualified, covered by an every-schema grant only). */
    public boolean covers(String schema, String table) {
        boolean inSchema = EVERY_SCHEMA.equals(schemaName) || schema != null && schemaName.equalsIgnoreCase(schema);
        return inSchema && (EVERY_TABLE.equals(tableName) || table != null && tableName.equalsIgnoreCase(table));
    }

    /** Whether it covers every table of every schema. */
    public boolean coversAll() {
        return EVERY_SCHEMA.equals(schemaName) && EVERY_TABLE.equals(tableName);
    }

    public UUID getSourceId() { return sourceId; }
    public UUID getAreaId() { return areaId; }
    public String getSchemaName() { return schemaName; }
    public String getTableName() { return tableName; }
    public String getGrantedBy() { return grantedBy; }
    public Instant getGrantedAt() { return grantedAt; }
}
