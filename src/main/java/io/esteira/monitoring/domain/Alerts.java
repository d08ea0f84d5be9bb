package io.esteira.monitoring.domain;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.data.domain.Page;
import org.springframework.data.domain.Pageable;
import org.springframework.data.jpa.repository.JpaRepository;

public interface Alerts extends JpaRepository<Alert, UUID> {

    Optional<Alert> findFirstByDeploymentIdAndCheckNameAndSegmentAndStateNot(UUID deploymentId, String checkName, String segment,
            Alert.State state);

    boolean existsByDeploymentIdAndCheckNameAndSegmentAndResolvedAtAfter(UUID deploymentId, String checkName, String segment, Instant after);

    Page<Alert> findByAreaIdIn(Collection<UUID> areaIds, Pageable pageable);

    Page<Alert> findByAreaIdInAndStateNot(Collection<UUID> areaIds, Alert.State state, Pageable pageable);

    List<Alert> findByDeploymentIdOrderByOpenedAtDesc(UUID deploymentId);

    long countByDeploymentIdAndStateNot(UUID deploymentId, Alert.State state);

    long countByDeploymentIdAndOpenedAtGreaterThanEqual(UUID deploymentId, java.time.Instant since);
}
