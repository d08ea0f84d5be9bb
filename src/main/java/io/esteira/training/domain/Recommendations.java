package io.esteira.training.domain;

import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.data.domain.Page;
import org.springframework.data.domain.Pageable;
import org.springframework.data.jpa.repository.JpaRepository;

public interface Recommendations extends JpaRepository<Recommendation, UUID> {

    Optional<Recommendation> findByOpenModelId(UUID modelId);

    Optional<Recommendation> findByRunId(UUID runId);

    Optional<Recommendation> findByDeploymentIdAndState(UUID deploymentId, Recommendation.State state);

    Optional<Recommendation> findFirstByChallengerVersionIdOrderByCreatedAtDesc(UUID versionId);

    Page<Recommendation> findByAreaIdIn(Collection<UUID> areaIds, Pageable pageable);

    Page<Recommendation> findByAreaIdInAndStateIn(Collection<UUID> areaIds, Collection<Recommendation.State> states, Pageable pageable);

    List<Recommendation> findTop20ByModelIdOrderByCreatedAtDesc(UUID modelId);
}
