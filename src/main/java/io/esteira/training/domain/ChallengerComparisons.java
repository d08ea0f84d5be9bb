package io.esteira.training.domain;

import java.util.Optional;
import java.util.UUID;
import org.springframework.data.jpa.repository.JpaRepository;

public interface ChallengerComparisons extends JpaRepository<ChallengerComparison, UUID> {

    Optional<ChallengerComparison> findFirstByRecommendationIdOrderByComputedAtDesc(UUID recommendationId);

    Optional<ChallengerComparison> findFirstByChallengerVersionIdOrderByComputedAtDesc(UUID versionId);
}
