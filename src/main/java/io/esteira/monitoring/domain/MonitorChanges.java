package io.esteira.monitoring.domain;

import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.data.jpa.repository.JpaRepository;

public interface MonitorChanges extends JpaRepository<MonitorChange, UUID> {

    Optional<MonitorChange> findFirstByDeploymentIdAndState(UUID deploymentId, MonitorChange.State state);

    Optional<MonitorChange> findByChangeId(UUID changeId);

    List<MonitorChange> findTop10ByDeploymentIdOrderByProposedAtDesc(UUID deploymentId);
}
