package io.esteira.workspaces.domain;

import jakarta.persistence.LockModeType;
import java.util.Optional;
import java.util.UUID;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Lock;
import org.springframework.data.jpa.repository.Query;

public interface Quotas extends JpaRepository<Quota, UUID> {

    /** Locks the area's quota row until the transaction ends, so that two requests are checked one after the other. */
    @Lock(LockModeType.PESSIMISTIC_WRITE)
    @Query("select q from Quota q where q.areaId = :areaId")
    Optional<Quota> lockForArea(UUID areaId);
}
