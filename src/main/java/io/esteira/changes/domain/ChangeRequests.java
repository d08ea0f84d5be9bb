package io.esteira.changes.domain;

import io.esteira.changes.ChangeState;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.UUID;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.JpaSpecificationExecutor;
import org.springframework.data.jpa.repository.Query;

public interface ChangeRequests extends JpaRepository<ChangeRequest, UUID>, JpaSpecificationExecutor<ChangeRequest> {

    List<ChangeRequest> findBySubjectTypeAndSubjectIdOrderBySubmittedAtDesc(String subjectType, String subjectId);

    boolean existsBySubjectTypeAndSubjectIdAndEnvironmentAndStateIn(String subjectType, String subjectId, io.esteira.changes.Environment environment,
            Collection<ChangeState> states);

    /** Approved requests whose approval or window ran out, and submitted ones whose window ended. */
    @Query("select c.id from ChangeRequest c where (c.state = io.esteira.changes.ChangeState.APPROVED and c.validUntil <= :now)"
            + " or (c.state in (io.esteira.changes.ChangeState.SUBMITTED, io.esteira.changes.ChangeState.APPROVED) and c.windowEnd <= :now)")
    List<UUID> overdue(Instant now);

    /** Submitted requests with an approval of their current round decided before {@code decidedBefore} and not yet marked expired. */
    @Query("select distinct c.id from ChangeRequest c, ChangeDecision d where d.changeId = c.id and d.round = c.round"
            + " and c.state = io.esteira.changes.ChangeState.SUBMITTED and d.decision = io.esteira.changes.domain.ChangeDecision.Kind.APPROVED"
            + " and d.expiredAt is null and d.decidedAt <= :decidedBefore")
    List<UUID> withLapsedApprovals(Instant decidedBefore);
}
