package io.esteira.features.domain;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;
import java.io.Serializable;
import java.time.Instant;
import java.util.UUID;

/** A column of a data source that an administrator classified as personal data of an area. */
@Entity
@Table(name = "source_column_class")
@IdClass(SourceColumnClass.Key.class)
public class SourceColumnClass {

    public record Key(UUID sourceId, String schemaName, String tableName, String columnName) implements Serializable {
    }

    @Id
    private UUID sourceId;
    @Id
    private String schemaName;
    @Id
    private String tableName;
    @Id
    private String columnName;
    @Column(nullable = false)
    private UUID ownerAreaId;
    @Column(nullable = false)
    private String classifiedBy;
    @Column(nullable = false)
    private Instant classifiedAt;

    protected SourceColumnClass() {
    }

    public SourceColumnClass(UUID sourceId, String schemaName, String tableName, String columnName, UUID ownerAreaId, String classifiedBy,
            Instant classifiedAt) {
        this.sourceId = sourceId;
        this.schemaName = schemaName;
        this.tableName = tableName;
        this.columnName = columnName;
        this.ownerAreaId = ownerAreaId;
        this.classifiedBy = classifiedBy;
        this.classifiedAt = classifiedAt;
    }

    public UUID getSourceId() { return sourceId; }
    public String getSchemaName() { return schemaName; }
    public String getTableName() { return tableName; }
    public String getColumnName() { return columnName; }
    public UUID getOwnerAreaId() { return ownerAreaId; }
    public String getClassifiedBy() { return classifiedBy; }
    public Instant getClassifiedAt() { return classifiedAt; }
}
