package io.esteira.changes;

import io.esteira.areas.AreaAccess;
import io.esteira.changes.ChangeEvents.ChangeStepRecorded;
import io.esteira.changes.ChangeEvents.ChangeSubmitted;
import io.esteira.changes.ChangePolicy.Classification;
import io.esteira.changes.domain.ChangeRequest;
import io.esteira.changes.domain.ChangeRequests;
import io.esteira.shared.Changes;
import io.esteira.shared.ForbiddenException;
import io.esteira.shared.InvalidRequestException;
import io.esteira.shared.NotFoundException;
import io.esteira.shared.Trace;
import io.esteira.shared.Validation;
import io.esteira.shared.security.CurrentUser;
import io.esteira.shared.security.SignedInUser;
import jakarta.validation.Validator;
import java.time.Clock;
import java.time.Instant;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeSet;
import java.util.UUID;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * What a requester does with a change request: submit it, edit it (which starts a new review round, so
 * earlier approvals no longer count) and withdraw it. The type of change follows from {@link ChangePolicy},
 * never from the requester; a standard change is approved by policy at once.
 */
@Service
@Transactional(readOnly = true)
@PreAuthorize("isAuthenticated()")
public class ChangeSubmissions {

    private final ChangeRequests requests;
    private final SubjectDescriptions subjects;
    private final SegregationOfDuties duties;
    private final CountedApprovals approvals;
    private final ChangeTimeline timeline;
    private final ChangeViews views;
    private final AreaAccess access;
    private final Validator validator;
    private final ApplicationEventPublisher events;
    private final Clock clock;

    ChangeSubmissions(ChangeRequests requests, SubjectDescriptions subjects, SegregationOfDuties duties, CountedApprovals approvals,
            ChangeTimeline timeline, ChangeViews views, AreaAccess access, Validator validator,
            ApplicationEventPublisher events, Clock clock) {
        this.requests = requests;
        this.subjects = subjects;
        this.duties = duties;
        this.approvals = approvals;
        this.timeline = timeline;
        this.views = views;
        this.access = access;
        this.validator = validator;
        this.events = events;
        this.clock = clock;
    }

    /**
     * Submits a change request for a subject the signed-in user may act on. A standard change is
     * approved by policy at once.
     *
     * @throws InvalidRequestException for an unknown subject type, bad fields, or an open request for the same subject and environment
     * @throws NotFoundException       when the subject's module says the requester may not see it
     */
    @Transactional
    public ChangeRequestView submit(ChangeRequestDraft draft) {
        Validation.check(validator, draft, "change request");
        SignedInUser me = CurrentUser.require();
        SubjectFacts facts = subjects.describe(draft.subjectType(), draft.subjectId(), draft.emergency());
        access.requireAct(facts.areaId(), draft.subjectType(), draft.subjectId());
        if (requests.existsBySubjectTypeAndSubjectIdAndEnvironmentAndStateIn(draft.subjectType(), draft.subjectId(), draft.environment(),
                EnumSet.of(ChangeState.SUBMITTED, ChangeState.APPROVED))) {
            throw new InvalidRequestException("subjectId", facts.label() + " has an open change request to "
                    + draft.environment().name().toLowerCase() + " already: edit or withdraw that one");
        }
        Instant now = clock.instant();
        ChangeInput.checkWindow(draft, now);
        ChangeRequest change = new ChangeRequest(facts.areaId(), draft.subjectType(), draft.subjectId(), me.userId(), me.displayName(), now);
        change.describe(facts.label().strip(), facts.riskTier(), facts.authorIds(), facts.link(), SubjectDescriptions.evidenceJson(facts));
        change.define(draft.environment(), draft.emergency(), draft.justification().strip(), draft.windowStart(), draft.windowEnd(),
                ChangeInput.blankToNull(draft.rollbackPlan()));
        Classification classification = ChangePolicy.classify(facts.riskTier(), draft.environment(), draft.emergency(), facts.preApproved());
        change.classify(classification.type(), classification.reason(), null);
        ChangeInput.checkRollbackPlan(change);
        requests.save(change);
        Trace trace = Trace.capture(clock);
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("type", change.getType().name());
        details.put("environment", change.getEnvironment().name());
        details.put("riskTier", change.getRiskTier());
        timeline.record(change, me, "submitted", change.getJustification(), details, now);
        events.publishEvent(new ChangeSubmitted(change.getId(), change.getAreaId(), change.getSubjectType(), change.getSubjectId(),
                change.getEnvironment(), change.getType(), me.actorName(), trace));
        if (change.getType() == ChangeType.EMERGENCY) {
            declaredEmergency(change, me, trace);
        }
        approvals.settle(change, now, trace);
        requests.saveAndFlush(change);
        return views.view(change);
    }

    /**
     * Changes what the requester wrote, from the version they saw. Any change restarts the review: the
     * approvals so far no longer count, and the subject's facts and evidence are read again.
     */
    @Transactional
    public ChangeRequestView edit(UUID id, ChangeRequestDraft draft, long expectedVersion) {
        Validation.check(validator, draft, "change request");
        SignedInUser me = CurrentUser.require();
        ChangeRequest change = duties.readable(id);
        String why = SegregationOfDuties.cannotEdit(change, me);
        if (why != null) {
            throw new ForbiddenException(why);
        }
        ChangeInput.requireVersion(change, expectedVersion);
        if (!change.getSubjectType().equals(draft.subjectType()) || !change.getSubjectId().equals(draft.subjectId())) {
            throw new InvalidRequestException("subjectId", "A change request keeps its subject; submit a new one for another");
        }
        if (change.getReclassifiedBy() != null && draft.emergency() != (change.getType() == ChangeType.EMERGENCY)) {
            throw new InvalidRequestException("emergency", change.getReclassifiedBy() + " classified this request as "
                    + change.getType() + "; only an administrator can change that");
        }
        Instant now = clock.instant();
        ChangeInput.checkWindow(draft, now);
        SubjectFacts facts = subjects.describe(draft.subjectType(), draft.subjectId(), draft.emergency());
        String evidence = SubjectDescriptions.evidenceJson(facts);
        Changes changes = new Changes()
                .field("environment", change.getEnvironment(), draft.environment())
                .field("emergency", change.isEmergencyRequested(), draft.emergency())
                .field("justification", change.getJustification(), draft.justification().strip())
                .field("windowStart", change.getWindowStart(), draft.windowStart())
                .field("windowEnd", change.getWindowEnd(), draft.windowEnd())
                .field("rollbackPlan", change.getRollbackPlan(), ChangeInput.blankToNull(draft.rollbackPlan()))
                .field("riskTier", change.getRiskTier(), facts.riskTier())
                .field("subjectLabel", change.getSubjectLabel(), facts.label().strip())
                .field("authors", new TreeSet<>(change.getAuthorIds()), new TreeSet<>(facts.authorIds()));
        if (!evidence.equals(change.getEvidence())) {
            changes.field("evidence", "as before", "read again, changed");
        }
        if (changes.isEmpty()) {
            return views.view(change);
        }
        change.describe(facts.label().strip(), facts.riskTier(), facts.authorIds(), facts.link(), evidence);
        change.define(draft.environment(), draft.emergency(), draft.justification().strip(), draft.windowStart(), draft.windowEnd(),
                ChangeInput.blankToNull(draft.rollbackPlan()));
        ChangeType before = change.getType();
        if (change.getReclassifiedBy() == null) {
            Classification classification = ChangePolicy.classify(facts.riskTier(), draft.environment(), draft.emergency(), facts.preApproved());
            change.classify(classification.type(), classification.reason(), null);
            changes.field("type", before, change.getType());
        }
        ChangeInput.checkRollbackPlan(change);
        int voided = approvals.restartReview(change, now);
        Trace trace = Trace.capture(clock);
        Map<String, Object> details = new LinkedHashMap<>(changes.asMap());
        details.put("approvalsVoided", voided);
        timeline.record(change, me, "edited", null, details, now);
        events.publishEvent(new ChangeStepRecorded(id, change.getAreaId(), "edited", details, trace));
        if (change.getType() == ChangeType.EMERGENCY && before != ChangeType.EMERGENCY) {
            declaredEmergency(change, me, trace);
        }
        approvals.settle(change, now, trace);
        requests.saveAndFlush(change);
        return views.view(change);
    }

    /** The requester takes back a request that is still waiting for its decision. */
    @Transactional
    public ChangeRequestView withdraw(UUID id, String comment) {
        SignedInUser me = CurrentUser.require();
        ChangeRequest change = duties.readable(id);
        String why = SegregationOfDuties.cannotWithdraw(change, me);
        if (why != null) {
            throw new ForbiddenException(why);
        }
        Instant now = clock.instant();
        change.withdraw(now);
        String note = ChangeInput.blankToNull(comment);
        timeline.record(change, me, "withdrawn", note, null, now);
        events.publishEvent(new ChangeStepRecorded(id, change.getAreaId(), "withdrawn", note == null ? Map.of() : Map.of("comment", note),
                Trace.capture(clock)));
        requests.saveAndFlush(change);
        return views.view(change);
    }

    /** Recorded (and so told to governance) whenever a requester's own word makes a change an emergency. */
    private void declaredEmergency(ChangeRequest change, SignedInUser me, Trace trace) {
        events.publishEvent(new ChangeStepRecorded(change.getId(), change.getAreaId(), EmergencyNotifier.DECLARED,
                Map.of("requester", me.actorName(), "environment", change.getEnvironment().name(), "justification",
                        change.getJustification()), trace));
    }
}
