package io.esteira.monitoring.domain;

import jakarta.persistence.LockModeType;
import java.util.Optional;
import java.util.List;
import java.util.UUID;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Lock;
import org.springframework.data.jpa.repository.Query;

public interface Monitors extends JpaRepository<Monitor, UUID> {

    /** The monitor, locked until the transaction ends: proposals for one monitor are made one at a time. */
    @Lock(LockModeType.PESSIMISTIC_WRITE)
    @Query("select m from Monitor m where m.deploymentId = ?1")
    Optional<Monitor> lockById(UUID deploymentId);
    List<Monitor> findByLabelSourceIdNotNull();
}
