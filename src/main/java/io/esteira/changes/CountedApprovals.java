package io.esteira.changes;

import io.esteira.changes.ChangeEvents.ChangeApproved;
import io.esteira.changes.ChangePolicy.Need;
import io.esteira.changes.domain.ChangeDecision;
import io.esteira.changes.domain.ChangeDecisions;
import io.esteira.changes.domain.ChangeRequest;
import io.esteira.shared.Trace;
import io.esteira.shared.security.Role;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Component;

/**
 * The policy at work on a request: which approvals count (those of the current review round, for
 * {@code esteira.changes.approval-validity}), what the request still needs, and the approval of a
 * standard change by policy. Runs in its callers' transactions.
 */
@Component
class CountedApprovals {

    private final ChangeDecisions decisions;
    private final ChangeTimeline timeline;
    private final ApplicationEventPublisher events;
    private final Duration approvalValidity;

    CountedApprovals(ChangeDecisions decisions, ChangeTimeline timeline, ApplicationEventPublisher events,
            @Value("${esteira.changes.approval-validity:P14D}") Duration approvalValidity) {
        this.decisions = decisions;
        this.timeline = timeline;
        this.events = events;
        this.approvalValidity = approvalValidity;
    }

    /** How long an approval counts. */
    Duration validity() {
        return approvalValidity;
    }

    /** Approves a standard change by policy; otherwise notes what the request waits for. */
    void settle(ChangeRequest change, Instant now, Trace trace) {
        if (change.getType() == ChangeType.STANDARD && change.getState() == ChangeState.SUBMITTED) {
            decisions.save(new ChangeDecision(change.getId(), change.getRound(), null, ChangePolicy.STANDARD_POLICY, Set.of(),
                    ChangeDecision.Kind.POLICY, change.getTypeReason(), now));
            Instant validUntil = ChangeInput.earliest(now.plus(approvalValidity), change.getWindowEnd());
            change.approve(now, validUntil);
            timeline.record(change, ChangePolicy.STANDARD_POLICY, null, "approved-by-policy", change.getTypeReason(),
                    Map.of("policy", ChangePolicy.STANDARD_POLICY), now);
            events.publishEvent(new ChangeApproved(change.getId(), change.getAreaId(), change.getSubjectType(), change.getSubjectId(),
                    change.getEnvironment(), change.getType(), List.of(ChangePolicy.STANDARD_POLICY), ChangePolicy.STANDARD_POLICY, validUntil,
                    trace));
            return;
        }
        change.awaiting(neededKinds(need(change, now)));
    }

    /** Starts a new review round; returns how many approvals of the old one no longer count. */
    int restartReview(ChangeRequest change, Instant now) {
        int voided = (int) decisions.findByChangeIdOrderByDecidedAt(change.getId()).stream()
                .filter(d -> d.getRound() == change.getRound() && d.isApproval()).count();
        change.restartReview(now);
        return voided;
    }

    Need need(ChangeRequest change, Instant now) {
        Map<UUID, Set<Role>> byPerson = new LinkedHashMap<>();
        for (ChangeDecision d : counted(change, now)) {
            byPerson.computeIfAbsent(d.getReviewerId(), k -> EnumSet.noneOf(Role.class))
                    .addAll(d.kinds().stream().map(Role::valueOf).toList());
        }
        return ChangePolicy.need(change.getType(), List.copyOf(byPerson.values()));
    }

    /** The reviewers' approvals of the current round that have not expired. */
    List<ChangeDecision> counted(ChangeRequest change, Instant now) {
        return decisions.findByChangeIdOrderByDecidedAt(change.getId()).stream()
                .filter(d -> d.getRound() == change.getRound() && d.getDecision() == ChangeDecision.Kind.APPROVED)
                .filter(d -> now.isBefore(d.getDecidedAt().plus(approvalValidity)))
                .toList();
    }

    /** The reviewer kinds that could help, as the queue's "awaiting me" looks them up: {@code ,RISK_REVIEWER,}. */
    static String neededKinds(Need need) {
        return need.complete() || need.helpingKinds().isEmpty() ? ""
                : "," + need.helpingKinds().stream().map(Role::name).sorted().collect(Collectors.joining(",")) + ",";
    }
}
