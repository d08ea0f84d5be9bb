package io.esteira.models.domain;

import jakarta.persistence.Column;
import jakarta.persistence.Embeddable;
import jakarta.persistence.EmbeddedId;
import jakarta.persistence.Entity;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.io.Serializable;
import java.time.Instant;
import java.util.UUID;

/** A name such as champion or challenger that points at one version of a model. */
@Entity
@Table(name = "model_alias")
public class ModelAlias {

    @Embeddable
    public record Key(@Column(name = "model_id") UUID modelId, @Column(name = "alias") String alias) implements Serializable {
    }

    @EmbeddedId
    private Key key;
    @Column(nullable = false)
    private int number;
    @Column(name = "moved_by", nullable = false)
    private String movedBy;
    @Column(name = "moved_at", nullable = false)
    private Instant movedAt;
    @Version
    private long version;

    protected ModelAlias() {
    }

    public ModelAlias(UUID modelId, String alias, int number, String movedBy, Instant now) {
        this.key = new Key(modelId, alias);
        move(number, movedBy, now);
    }

    public void move(int number, String movedBy, Instant now) {
        this.number = number;
        this.movedBy = movedBy;
        this.movedAt = now;
    }

    public UUID getModelId() { return key.modelId(); }
    public String getAlias() { return key.alias(); }
    public int getNumber() { return number; }
    public String getMovedBy() { return movedBy; }
    public Instant getMovedAt() { return movedAt; }
}
