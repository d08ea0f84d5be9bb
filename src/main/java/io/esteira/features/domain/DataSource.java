package io.esteira.features.domain;

import io.esteira.features.Classification;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.time.Instant;
import java.util.UUID;

/** A JDBC source of data. The password is stored sealed; only the connection code ever unseals it. */
@Entity
@Table(name = "data_source")
public class DataSource {

    @Id
    private UUID id;
    @Column(nullable = false)
    private String name;
    @Column(nullable = false)
    private String description;
    @Column(name = "jdbc_url", nullable = false)
    private String jdbcUrl;
    @Column(name = "driver_class", nullable = false)
    private String driverClass;
    private String username;
    @Column(name = "password_sealed")
    private String passwordSealed;
    private String writeUsername;
    private String writePasswordSealed;
    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    private Classification classification;
    @Column(name = "owner_area_id")
    private UUID ownerAreaId;
    @Column(name = "last_test_at")
    private Instant lastTestAt;
    @Column(name = "last_test_ok")
    private Boolean lastTestOk;
    @Column(name = "last_test_message")
    private String lastTestMessage;
    @Column(name = "created_at", nullable = false)
    private Instant createdAt;
    @Column(name = "updated_at", nullable = false)
    private Instant updatedAt;
    @Version
    private long version;

    protected DataSource() {
    }

    public DataSource(String name, Instant now) {
        this.id = UUID.randomUUID();
        this.name = name;
        this.createdAt = now;
    }

    public void change(String name, String description, String jdbcUrl, String driverClass, String username,
            Classification classification, UUID ownerAreaId, Instant now) {
        this.name = name.strip();
        this.description = description == null ? "" : description.strip();
        this.jdbcUrl = jdbcUrl.strip();
        this.driverClass = driverClass.strip();
        this.username = username == null || username.isBlank() ? null : username.strip();
        this.classification = classification;
        this.ownerAreaId = ownerAreaId;
        this.updatedAt = now;
    }

    public void sealPassword(String sealed, Instant now) {
        this.passwordSealed = sealed;
        this.updatedAt = now;
    }

    /** The account for tables the portal writes; null for a source the portal writes nothing into. */
    public void changeWriteAccount(String username, String sealedPassword, Instant now) {
        this.writeUsername = username == null || username.isBlank() ? null : username.strip();
        if (this.writeUsername == null) {
            this.writePasswordSealed = null;
        } else if (sealedPassword != null) {
            this.writePasswordSealed = sealedPassword;
        }
        this.updatedAt = now;
    }

    public void tested(Instant at, boolean ok, String message) {
        this.lastTestAt = at;
        this.lastTestOk = ok;
        this.lastTestMessage = message == null ? null : message.substring(0, Math.min(message.length(), 1000));
    }

    public UUID getId() { return id; }
    public String getName() { return name; }
    public String getDescription() { return description; }
    public String getJdbcUrl() { return jdbcUrl; }
    public String getDriverClass() { return driverClass; }
    public String getUsername() { return username; }
    public String getPasswordSealed() { return passwordSealed; }
    public String getWriteUsername() { return writeUsername; }
    public String getWritePasswordSealed() { return writePasswordSealed; }
    public Classification getClassification() { return classification; }
    public UUID getOwnerAreaId() { return ownerAreaId; }
    public Instant getLastTestAt() { return lastTestAt; }
    public Boolean getLastTestOk() { return lastTestOk; }
    public String getLastTestMessage() { return lastTestMessage; }
    public long getVersion() { return version; }
}
