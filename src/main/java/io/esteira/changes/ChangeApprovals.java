package io.esteira.changes;

import io.esteira.changes.ChangeEvents.ChangeApproved;
import io.esteira.changes.ChangeEvents.ChangeRejected;
import io.esteira.changes.ChangeEvents.ChangeStepRecorded;
import io.esteira.changes.ChangePolicy.Need;
import io.esteira.changes.domain.ChangeDecision;
import io.esteira.changes.domain.ChangeDecisions;
import io.esteira.changes.domain.ChangeRequest;
import io.esteira.changes.domain.ChangeRequests;
import io.esteira.shared.ForbiddenException;
import io.esteira.shared.InvalidRequestException;
import io.esteira.shared.Trace;
import io.esteira.shared.security.CurrentUser;
import io.esteira.shared.security.Role;
import io.esteira.shared.security.SignedInUser;
import java.time.Clock;
import java.time.Instant;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.stream.Collectors;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.orm.ObjectOptimisticLockingFailureException;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The decisions on a change request, under the {@link SegregationOfDuties}: reviewers approve or reject it,
 * refuse an emergency's classification, and review an emergency change after it was implemented; an
 * administrator who is not part of it reclassifies it. A normal change needs a model-risk and a governance
 * reviewer, two different people; an emergency change two different reviewers; each decides once per round.
 */
@Service
@Transactional(readOnly = true)
@PreAuthorize("isAuthenticated()")
public class ChangeApprovals {

    private final ChangeRequests requests;
    private final ChangeDecisions decisions;
    private final SegregationOfDuties duties;
    private final CountedApprovals approvals;
    private final ChangeTimeline timeline;
    private final ChangeViews views;
    private final ApplicationEventPublisher events;
    private final Clock clock;

    ChangeApprovals(ChangeRequests requests, ChangeDecisions decisions, SegregationOfDuties duties, CountedApprovals approvals,
            ChangeTimeline timeline, ChangeViews views, ApplicationEventPublisher events, Clock clock) {
        this.requests = requests;
        this.decisions = decisions;
        this.duties = duties;
        this.approvals = approvals;
        this.timeline = timeline;
        this.views = views;
        this.events = events;
        this.clock = clock;
    }

    /**
     * Approves the request, from the version the reviewer saw. The request is approved once the
     * approvals that count satisfy its type; a second approval of a kind that is there already does
     * not complete a normal change.
     *
     * @throws ForbiddenException when the signed-in user may not decide it, saying why
     * @throws ObjectOptimisticLockingFailureException when someone changed it meanwhile
     */
    @Transactional
    public ChangeRequestView approve(UUID id, String comment, long expectedVersion) {
        SignedInUser me = CurrentUser.require();
        ChangeRequest change = decidable(id, me, expectedVersion);
        String text = ChangeInput.comment(comment);
        Instant now = clock.instant();
        Set<String> kinds = kindNames(me);
        decide(new ChangeDecision(id, change.getRound(), me.userId(), me.displayName(), kinds, ChangeDecision.Kind.APPROVED, text, now));
        change.touch(now);
        Trace trace = Trace.capture(clock);
        Need need = approvals.need(change, now);
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("reviewer", me.actorName());
        details.put("kinds", List.copyOf(kinds));
        details.put("comment", text);
        details.put("completes", need.complete());
        boolean emergency = change.getType() == ChangeType.EMERGENCY;
        if (emergency) {
            details.put("confirmsEmergency", true);
        }
        timeline.record(change, me, "approval", text, emergency ? Map.of("kinds", List.copyOf(kinds), "confirmsEmergency", true)
                : Map.of("kinds", List.copyOf(kinds)), now);
        events.publishEvent(new ChangeStepRecorded(id, change.getAreaId(), "approval", details, trace));
        if (emergency) { // an emergency is not the requester's word alone: each approver confirms it
            events.publishEvent(new ChangeStepRecorded(id, change.getAreaId(), "emergency-confirmed",
                    Map.of("reviewer", me.actorName(), "comment", text), trace));
        }
        if (need.complete()) {
            List<ChangeDecision> counted = approvals.counted(change, now);
            Instant oldest = counted.stream().map(ChangeDecision::getDecidedAt).min(Comparator.naturalOrder()).orElse(now);
            Instant validUntil = ChangeInput.earliest(oldest.plus(approvals.validity()), change.getWindowEnd());
            change.approve(now, validUntil);
            List<String> approvers = counted.stream().map(ChangeDecision::getReviewerName).distinct().toList();
            timeline.record(change, me, "approved", null, Map.of("approvers", approvers, "validUntil", validUntil.toString()), now);
            events.publishEvent(new ChangeApproved(id, change.getAreaId(), change.getSubjectType(), change.getSubjectId(),
                    change.getEnvironment(), change.getType(), approvers, null, validUntil, trace));
        } else {
            change.awaiting(CountedApprovals.neededKinds(need));
        }
        requests.saveAndFlush(change);
        return views.view(change);
    }

    /** Rejects the request, from the version the reviewer saw: one independent reviewer's rejection ends it. */
    @Transactional
    public ChangeRequestView reject(UUID id, String comment, long expectedVersion) {
        SignedInUser me = CurrentUser.require();
        ChangeRequest change = decidable(id, me, expectedVersion);
        String text = ChangeInput.comment(comment);
        Instant now = clock.instant();
        decide(new ChangeDecision(id, change.getRound(), me.userId(), me.displayName(), kindNames(me), ChangeDecision.Kind.REJECTED,
                text, now));
        change.reject(now);
        timeline.record(change, me, "rejected", text, null, now);
        events.publishEvent(new ChangeRejected(id, change.getAreaId(), change.getSubjectType(), change.getSubjectId(), change.getEnvironment(),
                change.getType(), me.displayName(), text, Trace.capture(clock)));
        requests.saveAndFlush(change);
        return views.view(change);
    }

    /**
     * A reviewer who may decide an emergency change refuses its emergency classification, with a reason:
     * it becomes a normal change needing the normal approvals (a model-risk and a governance reviewer),
     * the approvals so far no longer count, and the requester cannot declare it an emergency again.
     * The requester and governance are told.
     */
    @Transactional
    public ChangeRequestView refuseEmergency(UUID id, String reason, long expectedVersion) {
        SignedInUser me = CurrentUser.require();
        ChangeRequest change = duties.readable(id);
        String why = duties.cannotRefuseEmergency(change, me);
        if (why != null) {
            throw new ForbiddenException(why);
        }
        ChangeInput.requireVersion(change, expectedVersion);
        String text = ChangeInput.comment(reason, "reason");
        Instant now = clock.instant();
        change.classify(ChangeType.NORMAL, "Emergency refused by " + me.displayName() + ": " + text
                + " (a normal change, needing a model-risk and a governance reviewer)", me.displayName());
        int voided = approvals.restartReview(change, now);
        Trace trace = Trace.capture(clock);
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("reviewer", me.actorName());
        details.put("from", ChangeType.EMERGENCY.name());
        details.put("to", ChangeType.NORMAL.name());
        details.put("reason", text);
        details.put("approvalsVoided", voided);
        timeline.record(change, me, "emergency-refused", text, Map.of("from", ChangeType.EMERGENCY.name(), "to", ChangeType.NORMAL.name(),
                "approvalsVoided", voided), now);
        events.publishEvent(new ChangeStepRecorded(id, change.getAreaId(), "emergency-refused", details, trace));
        approvals.settle(change, now, trace);
        requests.saveAndFlush(change);
        return views.view(change);
    }

    /**
     * An administrator who is not part of the request sets its type against the policy's (e.g. a
     * normal change that is really an emergency), with a reason. The review starts again.
     * Only the policy makes a change standard.
     */
    @Transactional
    @PreAuthorize("hasRole('ADMIN')")
    public ChangeRequestView reclassify(UUID id, ChangeType type, String reason, long expectedVersion) {
        SignedInUser me = CurrentUser.require();
        ChangeRequest change = duties.readable(id);
        String why = duties.cannotReclassify(change, me);
        if (why != null) {
            throw new ForbiddenException(why);
        }
        ChangeInput.requireVersion(change, expectedVersion);
        if (type == null || type == ChangeType.STANDARD) {
            throw new InvalidRequestException("type", "Only the policy makes a change standard; reclassify to NORMAL or EMERGENCY");
        }
        if (type == change.getType()) {
            throw new InvalidRequestException("type", "The request is " + type + " already");
        }
        String text = ChangeInput.comment(reason, "reason");
        if (type == ChangeType.EMERGENCY && change.getRollbackPlan() == null) {
            throw new InvalidRequestException("type", "An emergency change needs a rollback plan; ask the requester to add one first");
        }
        Instant now = clock.instant();
        ChangeType from = change.getType();
        change.classify(type, "Reclassified from " + from + " by " + me.displayName() + ": " + text, me.displayName());
        int voided = approvals.restartReview(change, now);
        Trace trace = Trace.capture(clock);
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("from", from.name());
        details.put("to", type.name());
        details.put("reason", text);
        details.put("approvalsVoided", voided);
        timeline.record(change, me, "reclassified", text, Map.of("from", from.name(), "to", type.name(), "approvalsVoided", voided), now);
        events.publishEvent(new ChangeStepRecorded(id, change.getAreaId(), "reclassified", details, trace));
        approvals.settle(change, now, trace);
        requests.saveAndFlush(change);
        return views.view(change);
    }

    /** The review after an emergency change, by a reviewer who neither requested it nor authored its subject. */
    @Transactional
    public ChangeRequestView recordReview(UUID id, String comment) {
        SignedInUser me = CurrentUser.require();
        ChangeRequest change = duties.readable(id);
        String why = SegregationOfDuties.cannotReview(change, me);
        if (why != null) {
            throw new ForbiddenException(why);
        }
        String text = ChangeInput.comment(comment);
        Instant now = clock.instant();
        change.reviewed(now);
        timeline.record(change, me, "reviewed", text, null, now);
        events.publishEvent(new ChangeStepRecorded(id, change.getAreaId(), "reviewed", Map.of("reviewer", me.actorName(), "comment", text),
                Trace.capture(clock)));
        requests.saveAndFlush(change);
        return views.view(change);
    }

    /** The request, when the signed-in reviewer may decide it at the version they saw; otherwise the reason, as an exception. */
    private ChangeRequest decidable(UUID id, SignedInUser me, long expectedVersion) {
        ChangeRequest change = duties.readable(id);
        String why = duties.cannotDecide(change, me);
        if (why != null) {
            throw new ForbiddenException(why);
        }
        ChangeInput.requireVersion(change, expectedVersion);
        return change;
    }

    /** One decision per person and round: the same reviewer deciding twice at once loses like any concurrent change. */
    private void decide(ChangeDecision decision) {
        try {
            decisions.saveAndFlush(decision);
        } catch (DataIntegrityViolationException twice) {
            throw new ObjectOptimisticLockingFailureException(ChangeRequest.class, decision.getChangeId());
        }
    }

    private static Set<String> kindNames(SignedInUser me) {
        return ChangePolicy.kindsOf(me.roles()).stream().map(Role::name).collect(Collectors.toCollection(TreeSet::new));
    }
}
