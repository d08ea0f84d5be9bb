package io.esteira.changes.domain;

import java.util.Collection;
import java.util.List;
import java.util.UUID;
import org.springframework.data.jpa.repository.JpaRepository;

public interface ChangeDecisions extends JpaRepository<ChangeDecision, UUID> {

    List<ChangeDecision> findByChangeIdOrderByDecidedAt(UUID changeId);

    List<ChangeDecision> findByChangeIdInOrderByDecidedAt(Collection<UUID> changeIds);

    boolean existsByChangeIdAndReviewerId(UUID changeId, UUID reviewerId);
}
