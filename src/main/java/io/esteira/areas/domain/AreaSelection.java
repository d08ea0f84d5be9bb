package io.esteira.areas.domain;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.util.UUID;

/** The area a person last chose in the header, so the portal opens there next time. */
@Entity
@Table(name = "area_selection")
public class AreaSelection {

    @Id
    @Column(name = "user_id")
    private UUID userId;
    @Column(name = "area_id", nullable = false)
    private UUID areaId;

    protected AreaSelection() {
    }

    public AreaSelection(UUID userId, UUID areaId) {
        this.userId = userId;
        this.areaId = areaId;
    }

    public void choose(UUID areaId) {
        this.areaId = areaId;
    }

    public UUID getAreaId() { return areaId; }
}
