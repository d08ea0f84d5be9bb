package io.esteira.changes;

import io.esteira.areas.AreaAccess;
import io.esteira.areas.AreaService;
import io.esteira.changes.ChangeEvents.ChangeApproved;
import io.esteira.changes.ChangeEvents.ChangeExpired;
import io.esteira.changes.ChangeEvents.ChangeImplemented;
import io.esteira.changes.ChangeEvents.ChangeRejected;
import io.esteira.changes.ChangeEvents.ChangeStepRecorded;
import io.esteira.changes.ChangeEvents.ChangeSubmitted;
import io.esteira.changes.ChangePolicy.Classification;
import io.esteira.changes.ChangePolicy.Need;
import io.esteira.changes.domain.ChangeDecision;
import io.esteira.changes.domain.ChangeDecisions;
import io.esteira.changes.domain.ChangeHistory;
import io.esteira.changes.domain.ChangeHistoryEntry;
import io.esteira.changes.domain.ChangeRequest;
import io.esteira.changes.domain.ChangeRequests;
import io.esteira.shared.Changes;
import io.esteira.shared.ForbiddenException;
import io.esteira.shared.Formats;
import io.esteira.shared.InvalidRequestException;
import io.esteira.shared.NotFoundException;
import io.esteira.shared.Paging;
import io.esteira.shared.Trace;
import io.esteira.shared.Validation;
import io.esteira.shared.security.ActorType;
import io.esteira.shared.security.CurrentUser;
import io.esteira.shared.security.Role;
import io.esteira.shared.security.SignedInUser;
import jakarta.persistence.criteria.Predicate;
import jakarta.persistence.criteria.Subquery;
import jakarta.validation.Validator;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.dao.OptimisticLockingFailureException;
import org.springframework.data.domain.Page;
import org.springframework.data.domain.Pageable;
import org.springframework.data.jpa.domain.Specification;
import org.springframework.orm.ObjectOptimisticLockingFailureException;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * Change requests and their approvals. The type of change follows from {@link ChangePolicy}; the
 * segregation of duties is enforced here, whatever the caller (screen, API, another module):
 * <ul>
 * <li>nobody decides a request they requested, or a change to a subject they authored;</li>
 * <li>only risk and governance reviewers decide, each once per review round; a normal change needs
 * one of each kind, from two different people, an emergency change two different reviewers;</li>
 * <li>an edit or a reclassification starts a new review round, so earlier approvals no longer count;</li>
 * <li>approvals count for {@code esteira.changes.approval-validity}; an approved request not implemented
 * by then (or by the end of its change window) expires;</li>
 * <li>only an administrator who is not part of a request (requester, author or decider) reclassifies it.</li>
 * </ul>
 * Requesters see the requests of their areas (others' are "not found"); reviewers see every area's.
 */
@Service
@Transactional(readOnly = true)
@PreAuthorize("isAuthenticated()")
public class ChangeRequestService {

    private static final Logger log = LoggerFactory.getLogger(ChangeRequestService.class);
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final int MIN_COMMENT = 10;
    private static final int MAX_COMMENT = 4000;
    private static final int MAX_EVIDENCE = 1_000_000;
    /** A window may open a little before the request reaches the service (the form took time to fill in). */
    private static final Duration WINDOW_GRACE = Duration.ofMinutes(10);
    private static final Set<String> EVIDENCE_KINDS = Set.of(EvidenceSection.MARKDOWN, EvidenceSection.TABLE, EvidenceSection.TEXT,
            EvidenceSection.LINK);

    private final ChangeRequests requests;
    private final ChangeDecisions decisions;
    private final ChangeHistory history;
    private final ObjectProvider<ChangeSubjects> subjects;
    private ObjectProvider<SubjectEvidence> contributors;
    private final AreaAccess access;
    private final AreaService areas;
    private final Validator validator;
    private final ApplicationEventPublisher events;
    private final TransactionTemplate tx;
    private final Duration approvalValidity;
    private final Duration reviewWithin;
    private final Clock clock;

    ChangeRequestService(ChangeRequests requests, ChangeDecisions decisions, ChangeHistory history, ObjectProvider<ChangeSubjects> subjects,
            AreaAccess access, AreaService areas, Validator validator, ApplicationEventPublisher events,
            PlatformTransactionManager transactionManager,
            @Value("${esteira.changes.approval-validity:P14D}") Duration approvalValidity,
            @Value("${esteira.changes.review-within:P5D}") Duration reviewWithin, Clock clock) {
        this.clock = clock;
        this.requests = requests;
        this.decisions = decisions;
        this.history = history;
        this.subjects = subjects;
        this.access = access;
        this.areas = areas;
        this.validator = validator;
        this.events = events;
        this.tx = new TransactionTemplate(transactionManager);
        tx.setPropagationBehavior(TransactionTemplate.PROPAGATION_REQUIRES_NEW);
        this.approvalValidity = approvalValidity;
        this.reviewWithin = reviewWithin;
    }

    @org.springframework.beans.factory.annotation.Autowired
    void contributors(ObjectProvider<SubjectEvidence> contributors) {
        this.contributors = contributors;
    }

    /** How long an approval counts. */
    @PreAuthorize("permitAll()")
    public Duration approvalValidity() {
        return approvalValidity;
    }

    // ---------------------------------------------------------------- requesting

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
        SubjectFacts facts = describe(draft.subjectType(), draft.subjectId(), draft.emergency());
        access.requireAct(facts.areaId(), draft.subjectType(), draft.subjectId());
        if (requests.existsBySubjectTypeAndSubjectIdAndEnvironmentAndStateIn(draft.subjectType(), draft.subjectId(), draft.environment(),
                EnumSet.of(ChangeState.SUBMITTED, ChangeState.APPROVED))) {
            throw new InvalidRequestException("subjectId", facts.label() + " has an open change request to "
                    + draft.environment().name().toLowerCase() + " already: edit or withdraw that one");
        }
        Instant now = clock.instant();
        checkWindow(draft, now);
        ChangeRequest change = new ChangeRequest(facts.areaId(), draft.subjectType(), draft.subjectId(), me.userId(), me.displayName(), now);
        change.describe(facts.label().strip(), facts.riskTier(), facts.authorIds(), facts.link(), evidenceJson(facts));
        change.define(draft.environment(), draft.emergency(), draft.justification().strip(), draft.windowStart(), draft.windowEnd(),
                blankToNull(draft.rollbackPlan()));
        Classification classification = ChangePolicy.classify(facts.riskTier(), draft.environment(), draft.emergency(), facts.preApproved());
        change.classify(classification.type(), classification.reason(), null);
        checkRollbackPlan(change);
        requests.save(change);
        Trace trace = Trace.capture(clock);
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("type", change.getType().name());
        details.put("environment", change.getEnvironment().name());
        details.put("riskTier", change.getRiskTier());
        record(change, me, "submitted", change.getJustification(), details, now);
        events.publishEvent(new ChangeSubmitted(change.getId(), change.getAreaId(), change.getSubjectType(), change.getSubjectId(),
                change.getEnvironment(), change.getType(), me.actorName(), trace));
        if (change.getType() == ChangeType.EMERGENCY) {
            declaredEmergency(change, me, trace);
        }
        settle(change, now, trace);
        requests.saveAndFlush(change);
        return view(change);
    }

    /**
     * Changes what the requester wrote, from the version they saw. Any change restarts the review: the
     * approvals so far no longer count, and the subject's facts and evidence are read again.
     */
    @Transactional
    public ChangeRequestView edit(UUID id, ChangeRequestDraft draft, long expectedVersion) {
        Validation.check(validator, draft, "change request");
        SignedInUser me = CurrentUser.require();
        ChangeRequest change = readable(id);
        String why = cannotEdit(change, me);
        if (why != null) {
            throw new ForbiddenException(why);
        }
        requireVersion(change, expectedVersion);
        if (!change.getSubjectType().equals(draft.subjectType()) || !change.getSubjectId().equals(draft.subjectId())) {
            throw new InvalidRequestException("subjectId", "A change request keeps its subject; submit a new one for another");
        }
        if (change.getReclassifiedBy() != null && draft.emergency() != (change.getType() == ChangeType.EMERGENCY)) {
            throw new InvalidRequestException("emergency", change.getReclassifiedBy() + " classified this request as "
                    + change.getType() + "; only an administrator can change that");
        }
        Instant now = clock.instant();
        checkWindow(draft, now);
        SubjectFacts facts = describe(draft.subjectType(), draft.subjectId(), draft.emergency());
        String evidence = evidenceJson(facts);
        Changes changes = new Changes()
                .field("environment", change.getEnvironment(), draft.environment())
                .field("emergency", change.isEmergencyRequested(), draft.emergency())
                .field("justification", change.getJustification(), draft.justification().strip())
                .field("windowStart", change.getWindowStart(), draft.windowStart())
                .field("windowEnd", change.getWindowEnd(), draft.windowEnd())
                .field("rollbackPlan", change.getRollbackPlan(), blankToNull(draft.rollbackPlan()))
                .field("riskTier", change.getRiskTier(), facts.riskTier())
                .field("subjectLabel", change.getSubjectLabel(), facts.label().strip())
                .field("authors", new TreeSet<>(change.getAuthorIds()), new TreeSet<>(facts.authorIds()));
        if (!evidence.equals(change.getEvidence())) {
            changes.field("evidence", "as before", "read again, changed");
        }
        if (changes.isEmpty()) {
            return view(change);
        }
        change.describe(facts.label().strip(), facts.riskTier(), facts.authorIds(), facts.link(), evidence);
        change.define(draft.environment(), draft.emergency(), draft.justification().strip(), draft.windowStart(), draft.windowEnd(),
                blankToNull(draft.rollbackPlan()));
        ChangeType before = change.getType();
        if (change.getReclassifiedBy() == null) {
            Classification classification = ChangePolicy.classify(facts.riskTier(), draft.environment(), draft.emergency(), facts.preApproved());
            change.classify(classification.type(), classification.reason(), null);
            changes.field("type", before, change.getType());
        }
        checkRollbackPlan(change);
        int voided = restartReview(change, now);
        Trace trace = Trace.capture(clock);
        Map<String, Object> details = new LinkedHashMap<>(changes.asMap());
        details.put("approvalsVoided", voided);
        record(change, me, "edited", null, details, now);
        events.publishEvent(new ChangeStepRecorded(id, change.getAreaId(), "edited", details, trace));
        if (change.getType() == ChangeType.EMERGENCY && before != ChangeType.EMERGENCY) {
            declaredEmergency(change, me, trace);
        }
        settle(change, now, trace);
        requests.saveAndFlush(change);
        return view(change);
    }

    /** The requester takes back a request that is still waiting for its decision. */
    @Transactional
    public ChangeRequestView withdraw(UUID id, String comment) {
        SignedInUser me = CurrentUser.require();
        ChangeRequest change = readable(id);
        String why = cannotWithdraw(change, me);
        if (why != null) {
            throw new ForbiddenException(why);
        }
        Instant now = clock.instant();
        change.withdraw(now);
        String note = blankToNull(comment);
        record(change, me, "withdrawn", note, null, now);
        events.publishEvent(new ChangeStepRecorded(id, change.getAreaId(), "withdrawn", note == null ? Map.of() : Map.of("comment", note),
                Trace.capture(clock)));
        requests.saveAndFlush(change);
        return view(change);
    }

    // ---------------------------------------------------------------- deciding

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
        String text = comment(comment);
        Instant now = clock.instant();
        Set<String> kinds = kindNames(me);
        decide(new ChangeDecision(id, change.getRound(), me.userId(), me.displayName(), kinds, ChangeDecision.Kind.APPROVED, text, now));
        change.touch(now);
        Trace trace = Trace.capture(clock);
        Need need = need(change, now);
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("reviewer", me.actorName());
        details.put("kinds", List.copyOf(kinds));
        details.put("comment", text);
        details.put("completes", need.complete());
        boolean emergency = change.getType() == ChangeType.EMERGENCY;
        if (emergency) {
            details.put("confirmsEmergency", true);
        }
        record(change, me, "approval", text, emergency ? Map.of("kinds", List.copyOf(kinds), "confirmsEmergency", true)
                : Map.of("kinds", List.copyOf(kinds)), now);
        events.publishEvent(new ChangeStepRecorded(id, change.getAreaId(), "approval", details, trace));
        if (emergency) { // an emergency is not the requester's word alone: each approver confirms it
            events.publishEvent(new ChangeStepRecorded(id, change.getAreaId(), "emergency-confirmed",
                    Map.of("reviewer", me.actorName(), "comment", text), trace));
        }
        if (need.complete()) {
            List<ChangeDecision> counted = countedApprovals(change, now);
            Instant oldest = counted.stream().map(ChangeDecision::getDecidedAt).min(Comparator.naturalOrder()).orElse(now);
            Instant validUntil = earliest(oldest.plus(approvalValidity), change.getWindowEnd());
            change.approve(now, validUntil);
            List<String> approvers = counted.stream().map(ChangeDecision::getReviewerName).distinct().toList();
            record(change, me, "approved", null, Map.of("approvers", approvers, "validUntil", validUntil.toString()), now);
            events.publishEvent(new ChangeApproved(id, change.getAreaId(), change.getSubjectType(), change.getSubjectId(),
                    change.getEnvironment(), change.getType(), approvers, null, validUntil, trace));
        } else {
            change.awaiting(neededKinds(need));
        }
        requests.saveAndFlush(change);
        return view(change);
    }

    /** The request, when the signed-in reviewer may decide it at the version they saw; otherwise the reason, as an exception. */
    private ChangeRequest decidable(UUID id, SignedInUser me, long expectedVersion) {
        ChangeRequest change = readable(id);
        String why = cannotDecide(change, me);
        if (why != null) {
            throw new ForbiddenException(why);
        }
        requireVersion(change, expectedVersion);
        return change;
    }

    /** Rejects the request, from the version the reviewer saw: one independent reviewer's rejection ends it. */
    @Transactional
    public ChangeRequestView reject(UUID id, String comment, long expectedVersion) {
        SignedInUser me = CurrentUser.require();
        ChangeRequest change = decidable(id, me, expectedVersion);
        String text = comment(comment);
        Instant now = clock.instant();
        decide(new ChangeDecision(id, change.getRound(), me.userId(), me.displayName(), kindNames(me), ChangeDecision.Kind.REJECTED,
                text, now));
        change.reject(now);
        record(change, me, "rejected", text, null, now);
        events.publishEvent(new ChangeRejected(id, change.getAreaId(), change.getSubjectType(), change.getSubjectId(), change.getEnvironment(),
                change.getType(), me.displayName(), text, Trace.capture(clock)));
        requests.saveAndFlush(change);
        return view(change);
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
        ChangeRequest change = readable(id);
        String why = cannotRefuseEmergency(change, me);
        if (why != null) {
            throw new ForbiddenException(why);
        }
        requireVersion(change, expectedVersion);
        String text = comment(reason, "reason");
        Instant now = clock.instant();
        change.classify(ChangeType.NORMAL, "Emergency refused by " + me.displayName() + ": " + text
                + " (a normal change, needing a model-risk and a governance reviewer)", me.displayName());
        int voided = restartReview(change, now);
        Trace trace = Trace.capture(clock);
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("reviewer", me.actorName());
        details.put("from", ChangeType.EMERGENCY.name());
        details.put("to", ChangeType.NORMAL.name());
        details.put("reason", text);
        details.put("approvalsVoided", voided);
        record(change, me, "emergency-refused", text, Map.of("from", ChangeType.EMERGENCY.name(), "to", ChangeType.NORMAL.name(),
                "approvalsVoided", voided), now);
        events.publishEvent(new ChangeStepRecorded(id, change.getAreaId(), "emergency-refused", details, trace));
        settle(change, now, trace);
        requests.saveAndFlush(change);
        return view(change);
    }

    /** Recorded (and so told to governance) whenever a requester's own word makes a change an emergency. */
    private void declaredEmergency(ChangeRequest change, SignedInUser me, Trace trace) {
        events.publishEvent(new ChangeStepRecorded(change.getId(), change.getAreaId(), EmergencyNotifier.DECLARED,
                Map.of("requester", me.actorName(), "environment", change.getEnvironment().name(), "justification",
                        change.getJustification()), trace));
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
        ChangeRequest change = readable(id);
        String why = cannotReclassify(change, me);
        if (why != null) {
            throw new ForbiddenException(why);
        }
        requireVersion(change, expectedVersion);
        if (type == null || type == ChangeType.STANDARD) {
            throw new InvalidRequestException("type", "Only the policy makes a change standard; reclassify to NORMAL or EMERGENCY");
        }
        if (type == change.getType()) {
            throw new InvalidRequestException("type", "The request is " + type + " already");
        }
        String text = comment(reason, "reason");
        if (type == ChangeType.EMERGENCY && change.getRollbackPlan() == null) {
            throw new InvalidRequestException("type", "An emergency change needs a rollback plan; ask the requester to add one first");
        }
        Instant now = clock.instant();
        ChangeType from = change.getType();
        change.classify(type, "Reclassified from " + from + " by " + me.displayName() + ": " + text, me.displayName());
        int voided = restartReview(change, now);
        Trace trace = Trace.capture(clock);
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("from", from.name());
        details.put("to", type.name());
        details.put("reason", text);
        details.put("approvalsVoided", voided);
        record(change, me, "reclassified", text, Map.of("from", from.name(), "to", type.name(), "approvalsVoided", voided), now);
        events.publishEvent(new ChangeStepRecorded(id, change.getAreaId(), "reclassified", details, trace));
        settle(change, now, trace);
        requests.saveAndFlush(change);
        return view(change);
    }

    /**
     * Called by the module that carried the change out (e.g. deployments), as whoever did it or as the
     * system. Only an approved request, within its change window and before it expires; an emergency
     * change then awaits its review after implementation.
     */
    @Transactional
    public ChangeRequestView markImplemented(UUID id, String note) {
        ChangeRequest change = requests.findById(id).orElseThrow(() -> new NotFoundException("change request", id));
        access.requireAct(change.getAreaId(), "change request", id);
        Instant now = clock.instant();
        if (change.getState() != ChangeState.APPROVED) {
            throw new InvalidRequestException("state", "The change request is " + change.getState() + "; only approved requests are implemented");
        }
        if (change.getValidUntil() != null && !now.isBefore(change.getValidUntil())) {
            throw new InvalidRequestException("state", "The approval expired at " + change.getValidUntil() + "; submit the change again");
        }
        if (change.getWindowStart() != null && now.isBefore(change.getWindowStart())) {
            throw new InvalidRequestException("windowStart", "The change window opens at " + change.getWindowStart());
        }
        Instant reviewDue = change.getType() == ChangeType.EMERGENCY ? now.plus(reviewWithin) : null;
        String text = blankToNull(note);
        if (text != null && text.length() > 2000) {
            text = text.substring(0, 1999) + "…";
        }
        change.implemented(now, text, reviewDue);
        if (reviewDue != null) {
            change.awaiting(neededKinds(new Need(false, "", ChangePolicy.KINDS)));
        }
        SignedInUser me = CurrentUser.require();
        record(change, me, "implemented", text, reviewDue == null ? null : Map.of("reviewDueAt", reviewDue.toString()), now);
        events.publishEvent(new ChangeImplemented(id, change.getAreaId(), change.getSubjectType(), change.getSubjectId(),
                change.getEnvironment(), change.getType(), text, reviewDue != null, Trace.capture(clock)));
        requests.saveAndFlush(change);
        return view(change);
    }

    /** The review after an emergency change, by a reviewer who neither requested it nor authored its subject. */
    @Transactional
    public ChangeRequestView recordReview(UUID id, String comment) {
        SignedInUser me = CurrentUser.require();
        ChangeRequest change = readable(id);
        String why = cannotReview(change, me);
        if (why != null) {
            throw new ForbiddenException(why);
        }
        String text = comment(comment);
        Instant now = clock.instant();
        change.reviewed(now);
        record(change, me, "reviewed", text, null, now);
        events.publishEvent(new ChangeStepRecorded(id, change.getAreaId(), "reviewed", Map.of("reviewer", me.actorName(), "comment", text),
                Trace.capture(clock)));
        requests.saveAndFlush(change);
        return view(change);
    }

    // ---------------------------------------------------------------- expiry

    /**
     * Expires approved requests not implemented in time (their approval validity or change window ran
     * out) and open ones whose window ended, and marks lapsed partial approvals as expired, each
     * request in a transaction of its own. Called by a Quartz job; safe to call again at any time.
     *
     * @return how many requests and approvals expired
     */
    @PreAuthorize("hasRole('ADMIN')")
    @Transactional(propagation = Propagation.NOT_SUPPORTED)
    public int expireOverdue() {
        Instant now = clock.instant();
        int expired = 0;
        for (UUID id : requests.overdue(now)) {
            expired += sweep(id, () -> expire(id, now));
        }
        for (UUID id : requests.withLapsedApprovals(now.minus(approvalValidity))) {
            expired += sweep(id, () -> lapseApprovals(id, now));
        }
        return expired;
    }

    private int sweep(UUID id, java.util.function.IntSupplier work) {
        try {
            Integer n = tx.execute(s -> work.getAsInt());
            return n == null ? 0 : n;
        } catch (OptimisticLockingFailureException e) {
            log.info("Change request {} changed during the expiry sweep; the next sweep looks again", id);
            return 0;
        }
    }

    private int expire(UUID id, Instant now) {
        ChangeRequest change = requests.findById(id).orElse(null);
        if (change == null || !change.getState().isOpen()) {
            return 0;
        }
        String reason;
        if (change.getWindowEnd() != null && !now.isBefore(change.getWindowEnd())) {
            reason = "The change window ended at " + change.getWindowEnd() + (change.getState() == ChangeState.APPROVED
                    ? " before the change was implemented" : " before the request was approved");
        } else if (change.getState() == ChangeState.APPROVED && change.getValidUntil() != null && !now.isBefore(change.getValidUntil())) {
            reason = "Not implemented within the approval's validity (" + approvalValidity + "); it ended at " + change.getValidUntil();
        } else {
            return 0;
        }
        change.expire(now);
        record(change, null, "expired", reason, null, now);
        events.publishEvent(new ChangeExpired(id, change.getAreaId(), change.getSubjectType(), change.getSubjectId(), change.getEnvironment(),
                reason, Trace.system(clock)));
        requests.saveAndFlush(change);
        return 1;
    }

    private int lapseApprovals(UUID id, Instant now) {
        ChangeRequest change = requests.findById(id).orElse(null);
        if (change == null || change.getState() != ChangeState.SUBMITTED) {
            return 0;
        }
        int lapsed = 0;
        for (ChangeDecision d : decisions.findByChangeIdOrderByDecidedAt(id)) {
            if (d.getRound() == change.getRound() && d.getDecision() == ChangeDecision.Kind.APPROVED && d.getExpiredAt() == null
                    && !now.isBefore(d.getDecidedAt().plus(approvalValidity))) {
                d.expired(now);
                String text = "The approval by " + d.getReviewerName() + " of " + Formats.dateTime(d.getDecidedAt()) + " expired after " + approvalValidity
                        + "; it no longer counts";
                record(change, null, "approval-expired", text, Map.of("reviewer", d.getReviewerName()), now);
                events.publishEvent(new ChangeStepRecorded(id, change.getAreaId(), "approval-expired",
                        Map.of("reviewer", d.getReviewerName(), "decidedAt", d.getDecidedAt().toString()), Trace.system(clock)));
                lapsed++;
            }
        }
        change.awaiting(neededKinds(need(change, now)));
        change.touch(now);
        requests.saveAndFlush(change);
        return lapsed;
    }

    // ---------------------------------------------------------------- reading

    /** @throws NotFoundException unless the signed-in user may read it */
    public ChangeRequestView get(UUID id) {
        return view(readable(id));
    }

    /** Every request about a subject that the signed-in user may read, newest first (e.g. a model version's approval state). */
    public List<ChangeRequestView> forSubject(String subjectType, String subjectId) {
        List<ChangeRequest> found = requests.findBySubjectTypeAndSubjectIdOrderBySubmittedAtDesc(subjectType, subjectId).stream()
                .filter(c -> mayRead(c, CurrentUser.require())).toList();
        return views(found);
    }

    /** Requests the signed-in user may read, narrowed by the filter; by default the longest waiting first. */
    public Page<ChangeRequestView> queue(ChangeQueueFilter filter, Pageable pageable) {
        SignedInUser me = CurrentUser.require();
        ChangeQueueFilter f = filter == null ? ChangeQueueFilter.all() : filter;
        Set<UUID> readableAreas = readsEveryArea(me) ? null : access.readableAreaIds();
        Specification<ChangeRequest> spec = (root, query, cb) -> {
            List<Predicate> where = new ArrayList<>();
            if (readableAreas != null) {
                where.add(readableAreas.isEmpty() ? cb.disjunction() : root.get("areaId").in(readableAreas));
            }
            if (!f.states().isEmpty()) {
                where.add(root.get("state").in(f.states()));
            }
            if (f.type() != null) {
                where.add(cb.equal(root.get("type"), f.type()));
            }
            if (f.areaId() != null) {
                where.add(cb.equal(root.get("areaId"), f.areaId()));
            }
            if (f.environment() != null) {
                where.add(cb.equal(root.get("environment"), f.environment()));
            }
            if (f.awaitingMe()) {
                Set<Role> kinds = deciderKinds(me);
                if (kinds.isEmpty()) {
                    where.add(cb.disjunction());
                } else {
                    where.add(root.get("state").in(ChangeState.SUBMITTED, ChangeState.REVIEW_DUE));
                    where.add(cb.or(kinds.stream().map(k -> cb.like(root.get("neededKinds"), "%," + k.name() + ",%")).toArray(Predicate[]::new)));
                    where.add(cb.notEqual(root.get("requesterId"), me.userId()));
                    where.add(cb.isNotMember(me.userId(), root.<java.util.Collection<UUID>>get("authorIds")));
                    Subquery<UUID> mine = query.subquery(UUID.class);
                    var d = mine.from(ChangeDecision.class);
                    mine.select(d.get("id")).where(cb.equal(d.get("changeId"), root.get("id")), cb.equal(d.get("round"), root.get("round")),
                            cb.equal(d.get("reviewerId"), me.userId()));
                    where.add(cb.or(cb.equal(root.get("state"), ChangeState.REVIEW_DUE), cb.not(cb.exists(mine))));
                }
            }
            return cb.and(where.toArray(Predicate[]::new));
        };
        Page<ChangeRequest> page = requests.findAll(spec, Paging.orderedBy(pageable, "waitingSince"));
        Map<UUID, ChangeRequestView> views = views(page.getContent()).stream()
                .collect(Collectors.toMap(ChangeRequestView::id, Function.identity()));
        return page.map(c -> views.get(c.getId()));
    }

    /** The evidence pack as it was submitted (or at the last edit). */
    public List<EvidenceSection> evidence(UUID id) {
        return JSON.readValue(readable(id).getEvidence(), new TypeReference<List<EvidenceSection>>() { });
    }

    /** The request's timeline, oldest first. */
    public List<HistoryEntry> history(UUID id) {
        readable(id);
        return history.findByChangeIdOrderByPosition(id).stream().map(h -> new HistoryEntry(h.getPosition(), h.getOccurredAt(), h.getActor(),
                h.getStep(), h.getComment(), h.getDetails() == null ? Map.of()
                        : JSON.readValue(h.getDetails(), new TypeReference<Map<String, Object>>() { }))).toList();
    }

    /** What the signed-in user may do with the request now, and why not. */
    public ChangeActions actions(UUID id) {
        SignedInUser me = CurrentUser.require();
        ChangeRequest change = readable(id);
        return new ChangeActions(cannotDecide(change, me), cannotEdit(change, me), cannotWithdraw(change, me), cannotReclassify(change, me),
                cannotReview(change, me), cannotRefuseEmergency(change, me));
    }

    /** The subject types that modules registered. */
    public Set<String> subjectTypes() {
        return subjects.orderedStream().map(ChangeSubjects::type).collect(Collectors.toCollection(TreeSet::new));
    }

    // ---------------------------------------------------------------- the rules

    private String cannotRefuseEmergency(ChangeRequest change, SignedInUser me) {
        if (change.getType() != ChangeType.EMERGENCY) {
            return "Only an emergency change's classification is confirmed or refused";
        }
        return cannotDecide(change, me);
    }

    private String cannotDecide(ChangeRequest change, SignedInUser me) {
        if (change.getState() != ChangeState.SUBMITTED) {
            return "The request is " + change.getState().name().toLowerCase().replace('_', ' ') + "; only submitted requests are decided";
        }
        String independence = notIndependent(change, me);
        if (independence != null) {
            return independence;
        }
        if (decisions.findByChangeIdOrderByDecidedAt(change.getId()).stream()
                .anyMatch(d -> d.getRound() == change.getRound() && me.userId().equals(d.getReviewerId()))) {
            return "You approved this request already; the next approval must come from someone else";
        }
        return null;
    }

    /** Shared by deciding and reviewing: a reviewer kind, unscoped, a person, neither requester nor author. */
    private static String notIndependent(ChangeRequest change, SignedInUser me) {
        if (me.actorType() == ActorType.PIPELINE) {
            return "Pipelines do not decide change requests";
        }
        if (me.areaScope() != null) {
            return "A token limited to one area cannot decide change requests";
        }
        if (ChangePolicy.kindsOf(me.roles()).isEmpty()) {
            return "Only model-risk and governance reviewers decide change requests";
        }
        if (me.userId().equals(change.getRequesterId())) {
            return "You requested this change";
        }
        if (change.isAuthor(me.userId())) {
            return "You are an author of " + change.getSubjectLabel() + "; someone independent must decide";
        }
        return null;
    }

    private static String cannotEdit(ChangeRequest change, SignedInUser me) {
        if (!me.userId().equals(change.getRequesterId())) {
            return "Only the requester edits a change request";
        }
        if (!change.getState().isOpen()) {
            return "The request is " + change.getState().name().toLowerCase().replace('_', ' ') + "; submit a new one";
        }
        return null;
    }

    private static String cannotWithdraw(ChangeRequest change, SignedInUser me) {
        if (!me.userId().equals(change.getRequesterId())) {
            return "Only the requester withdraws a change request";
        }
        if (change.getState() != ChangeState.SUBMITTED) {
            return "Only a submitted request is withdrawn; this one is " + change.getState().name().toLowerCase().replace('_', ' ');
        }
        return null;
    }

    private String cannotReclassify(ChangeRequest change, SignedInUser me) {
        if (!me.isPlatformAdmin()) {
            return "Only platform administrators reclassify change requests";
        }
        if (me.userId().equals(change.getRequesterId())) {
            return "You requested this change, so you cannot change its policy";
        }
        if (change.isAuthor(me.userId())) {
            return "You are an author of " + change.getSubjectLabel() + ", so you cannot change the request's policy";
        }
        if (decisions.existsByChangeIdAndReviewerId(change.getId(), me.userId())) {
            return "You decided on this request, so you cannot change its policy";
        }
        if (!change.getState().isOpen()) {
            return "The request is " + change.getState().name().toLowerCase().replace('_', ' ') + "; only open requests are reclassified";
        }
        return null;
    }

    private static String cannotReview(ChangeRequest change, SignedInUser me) {
        if (change.getState() != ChangeState.REVIEW_DUE) {
            return change.getType() == ChangeType.EMERGENCY ? "The review after implementation is due once the change is implemented"
                    : "Only emergency changes are reviewed after implementation";
        }
        return notIndependent(change, me);
    }

    /** Reviewers (any kind) read every area's requests; a token limited to an area never does. */
    private static boolean readsEveryArea(SignedInUser me) {
        return me.areaScope() == null && (me.has(Role.REVIEWER) || !ChangePolicy.kindsOf(me.roles()).isEmpty());
    }

    private static Set<Role> deciderKinds(SignedInUser me) {
        return me.areaScope() != null || me.actorType() == ActorType.PIPELINE ? Set.of() : ChangePolicy.kindsOf(me.roles());
    }

    private boolean mayRead(ChangeRequest change, SignedInUser me) {
        return readsEveryArea(me) || access.canRead(change.getAreaId());
    }

    private ChangeRequest readable(UUID id) {
        ChangeRequest change = requests.findById(id).orElseThrow(() -> new NotFoundException("change request", id));
        if (!mayRead(change, CurrentUser.require())) {
            throw NotFoundException.denied("change request", id);
        }
        return change;
    }

    /** One decision per person and round: the same reviewer deciding twice at once loses like any concurrent change. */
    private void decide(ChangeDecision decision) {
        try {
            decisions.saveAndFlush(decision);
        } catch (org.springframework.dao.DataIntegrityViolationException twice) {
            throw new ObjectOptimisticLockingFailureException(ChangeRequest.class, decision.getChangeId());
        }
    }

    private static void requireVersion(ChangeRequest change, long expectedVersion) {
        if (change.getRowVersion() != expectedVersion) {
            throw new ObjectOptimisticLockingFailureException(ChangeRequest.class, change.getId());
        }
    }

    // ---------------------------------------------------------------- policy at work

    /** Approves a standard change by policy; otherwise notes what the request waits for. */
    private void settle(ChangeRequest change, Instant now, Trace trace) {
        if (change.getType() == ChangeType.STANDARD && change.getState() == ChangeState.SUBMITTED) {
            decisions.save(new ChangeDecision(change.getId(), change.getRound(), null, ChangePolicy.STANDARD_POLICY, Set.of(),
                    ChangeDecision.Kind.POLICY, change.getTypeReason(), now));
            Instant validUntil = earliest(now.plus(approvalValidity), change.getWindowEnd());
            change.approve(now, validUntil);
            history.save(new ChangeHistoryEntry(change.getId(), nextPosition(change), now, ChangePolicy.STANDARD_POLICY, null,
                    "approved-by-policy", change.getTypeReason(), json(Map.of("policy", ChangePolicy.STANDARD_POLICY))));
            events.publishEvent(new ChangeApproved(change.getId(), change.getAreaId(), change.getSubjectType(), change.getSubjectId(),
                    change.getEnvironment(), change.getType(), List.of(ChangePolicy.STANDARD_POLICY), ChangePolicy.STANDARD_POLICY, validUntil,
                    trace));
            return;
        }
        change.awaiting(neededKinds(need(change, now)));
    }

    private int restartReview(ChangeRequest change, Instant now) {
        int voided = (int) decisions.findByChangeIdOrderByDecidedAt(change.getId()).stream()
                .filter(d -> d.getRound() == change.getRound() && d.isApproval()).count();
        change.restartReview(now);
        return voided;
    }

    private Need need(ChangeRequest change, Instant now) {
        Map<UUID, Set<Role>> byPerson = new LinkedHashMap<>();
        for (ChangeDecision d : countedApprovals(change, now)) {
            byPerson.computeIfAbsent(d.getReviewerId(), k -> EnumSet.noneOf(Role.class))
                    .addAll(d.kinds().stream().map(Role::valueOf).toList());
        }
        return ChangePolicy.need(change.getType(), List.copyOf(byPerson.values()));
    }

    /** The reviewers' approvals of the current round that have not expired. */
    private List<ChangeDecision> countedApprovals(ChangeRequest change, Instant now) {
        return decisions.findByChangeIdOrderByDecidedAt(change.getId()).stream()
                .filter(d -> d.getRound() == change.getRound() && d.getDecision() == ChangeDecision.Kind.APPROVED)
                .filter(d -> now.isBefore(d.getDecidedAt().plus(approvalValidity)))
                .toList();
    }

    private static String neededKinds(Need need) {
        return need.complete() || need.helpingKinds().isEmpty() ? ""
                : "," + need.helpingKinds().stream().map(Role::name).sorted().collect(Collectors.joining(",")) + ",";
    }

    private static Set<String> kindNames(SignedInUser me) {
        return ChangePolicy.kindsOf(me.roles()).stream().map(Role::name).collect(Collectors.toCollection(TreeSet::new));
    }

    // ---------------------------------------------------------------- subjects and input

    private SubjectFacts describe(String type, String subjectId, boolean emergency) {
        List<ChangeSubjects> matching = subjects.orderedStream().filter(s -> s.type().equals(type)).toList();
        if (matching.isEmpty()) {
            throw new InvalidRequestException("subjectType", "No kind of subject is called " + type
                    + (subjectTypes().isEmpty() ? "" : "; known: " + String.join(", ", subjectTypes())));
        }
        if (matching.size() > 1) {
            throw new IllegalStateException("Two modules describe subjects of type " + type);
        }
        SubjectFacts facts = matching.getFirst().describe(subjectId);
        if (facts == null) {
            throw new NotFoundException(type, subjectId);
        }
        if (facts.areaId() == null || facts.label() == null || facts.label().isBlank() || facts.riskTier() < 1 || facts.riskTier() > 3) {
            throw new IllegalStateException("The " + type + " subjects described " + subjectId + " without an area, a label or a risk tier 1-3");
        }
        if (facts.link() != null && (!facts.link().startsWith("/") || facts.link().startsWith("//") || facts.link().length() > 500)) {
            throw new IllegalStateException("A subject's link is a portal path, e.g. /models/x; got " + facts.link());
        }
        for (EvidenceSection section : facts.evidence()) {
            if (section == null || section.title() == null || !EVIDENCE_KINDS.contains(section.kind())) {
                throw new IllegalStateException("Evidence sections need a title and a kind of " + EVIDENCE_KINDS + "; got " + section);
            }
        }
        if (contributors == null) {
            return facts;
        }
        List<EvidenceSection> evidence = new java.util.ArrayList<>(facts.evidence());
        for (SubjectEvidence contributor : contributors.orderedStream().toList()) {
            SubjectEvidence.Contribution more = contributor.evidence(type, subjectId, facts);
            if (more == null) {
                continue;
            }
            for (EvidenceSection section : more.sections()) {
                if (section == null || section.title() == null || !EVIDENCE_KINDS.contains(section.kind())) {
                    throw new IllegalStateException("Evidence sections need a title and a kind of " + EVIDENCE_KINDS + "; got " + section);
                }
                evidence.add(section);
            }
            if (emergency && more.modelRiskReview() != null) {
                throw new InvalidRequestException("emergency", "This change cannot take the emergency path: " + more.modelRiskReview());
            }
        }
        return evidence.size() == facts.evidence().size() ? facts
                : new SubjectFacts(facts.areaId(), facts.label(), facts.riskTier(), facts.authorIds(), facts.link(), evidence, facts.preApproved());
    }

    private static String evidenceJson(SubjectFacts facts) {
        String json = JSON.writeValueAsString(facts.evidence());
        if (json.length() > MAX_EVIDENCE) {
            throw new InvalidRequestException("subjectId", "The evidence pack of " + facts.label() + " has " + json.length()
                    + " characters; at most " + MAX_EVIDENCE + " are kept, and a pack is never cut");
        }
        return json;
    }

    private static void checkWindow(ChangeRequestDraft draft, Instant now) {
        Map<String, String> errors = new LinkedHashMap<>();
        if (draft.windowEnd() != null && draft.windowStart() == null) {
            errors.put("windowStart", "A window that ends needs a start");
        }
        if (draft.windowStart() != null && draft.windowStart().isBefore(now.minus(WINDOW_GRACE))) {
            errors.put("windowStart", "The window cannot open in the past");
        }
        if (draft.windowEnd() != null && !draft.windowEnd().isAfter(now)) {
            errors.put("windowEnd", "The window cannot end in the past");
        } else if (draft.windowEnd() != null && draft.windowStart() != null && !draft.windowEnd().isAfter(draft.windowStart())) {
            errors.put("windowEnd", "The window must end after it starts");
        }
        if (draft.justification() != null && draft.justification().strip().length() < 20) {
            errors.put("justification", "Between 20 and 4,000 characters");
        }
        if (!errors.isEmpty()) {
            throw new InvalidRequestException("The change request has invalid fields: " + String.join(", ", errors.keySet()), errors);
        }
    }

    private static void checkRollbackPlan(ChangeRequest change) {
        if (change.getRollbackPlan() == null && (change.getEnvironment() == Environment.PRODUCTION || change.getType() == ChangeType.EMERGENCY)) {
            throw new InvalidRequestException("rollbackPlan", (change.getType() == ChangeType.EMERGENCY ? "An emergency change"
                    : "A change to production") + " needs a rollback plan: how to undo it if it goes wrong");
        }
    }

    private static String comment(String comment) {
        return comment(comment, "comment");
    }

    private static String comment(String comment, String field) {
        String text = comment == null ? "" : comment.strip();
        if (text.length() < MIN_COMMENT || text.length() > MAX_COMMENT) {
            throw new InvalidRequestException(field, "Write at least " + MIN_COMMENT + " characters (at most " + MAX_COMMENT
                    + "): reviewers' decisions are read later");
        }
        return text;
    }

    // ---------------------------------------------------------------- timeline and views

    private void record(ChangeRequest change, SignedInUser actor, String step, String comment, Map<String, Object> details, Instant at) {
        history.save(new ChangeHistoryEntry(change.getId(), nextPosition(change), at, actor == null ? "system" : actor.displayName(),
                actor == null ? null : actor.userId(), step, comment, details == null || details.isEmpty() ? null : json(details)));
    }

    /** The request's row is updated in the same transaction (its version), so two steps at once cannot take the same position. */
    private int nextPosition(ChangeRequest change) {
        history.flush();
        return (int) history.countByChangeId(change.getId()) + 1;
    }

    private static String json(Map<String, Object> details) {
        String json = JSON.writeValueAsString(details);
        return json.length() <= 4000 ? json : JSON.writeValueAsString(Map.of("truncated", json.substring(0, 3900)));
    }

    private ChangeRequestView view(ChangeRequest change) {
        return views(List.of(change)).getFirst();
    }

    private List<ChangeRequestView> views(List<ChangeRequest> found) {
        if (found.isEmpty()) {
            return List.of();
        }
        Map<UUID, String> areaNames = areas.names();
        Map<UUID, List<ChangeDecision>> byChange = decisions.findByChangeIdInOrderByDecidedAt(found.stream().map(ChangeRequest::getId).toList())
                .stream().collect(Collectors.groupingBy(ChangeDecision::getChangeId));
        Instant now = clock.instant();
        return found.stream().map(c -> {
            List<ChangeDecision> current = byChange.getOrDefault(c.getId(), List.of()).stream().filter(d -> d.getRound() == c.getRound()).toList();
            List<ChangeRequestView.Decision> shown = current.stream().map(d -> {
                boolean reviewer = d.getDecision() == ChangeDecision.Kind.APPROVED;
                Instant expires = reviewer ? d.getDecidedAt().plus(approvalValidity) : null;
                boolean counts = d.getDecision() == ChangeDecision.Kind.POLICY || (reviewer && now.isBefore(expires)
                        && c.getState() != ChangeState.EXPIRED);
                return new ChangeRequestView.Decision(d.getReviewerName(), d.getReviewerId(), d.kinds(), d.getDecision().name(), d.getComment(),
                        d.getDecidedAt(), expires, counts);
            }).toList();
            return new ChangeRequestView(c.getId(), c.getAreaId(), areaNames.getOrDefault(c.getAreaId(), "?"), c.getSubjectType(),
                    c.getSubjectId(), c.getSubjectLabel(), c.getSubjectLink(), c.getRiskTier(), c.getAuthorIds(), c.getEnvironment(),
                    c.isEmergencyRequested(), c.getType(), c.getTypeReason(), c.getReclassifiedBy(), c.getJustification(), c.getWindowStart(),
                    c.getWindowEnd(), c.getRollbackPlan(), c.getState(), c.getRequesterId(), c.getRequesterName(), c.getSubmittedAt(),
                    c.getWaitingSince(), c.getApprovedAt(), c.getValidUntil(), c.getImplementedAt(), c.getImplementationNote(),
                    c.getReviewDueAt(), c.getReviewedAt(), shown, stillNeeded(c, current, now), c.getRowVersion());
        }).toList();
    }

    private String stillNeeded(ChangeRequest c, List<ChangeDecision> current, Instant now) {
        return switch (c.getState()) {
            case SUBMITTED -> {
                Map<UUID, Set<Role>> byPerson = new LinkedHashMap<>();
                current.stream().filter(d -> d.getDecision() == ChangeDecision.Kind.APPROVED && now.isBefore(d.getDecidedAt().plus(approvalValidity)))
                        .forEach(d -> byPerson.computeIfAbsent(d.getReviewerId(), k -> EnumSet.noneOf(Role.class))
                                .addAll(d.kinds().stream().map(Role::valueOf).toList()));
                yield ChangePolicy.need(c.getType(), List.copyOf(byPerson.values())).inWords();
            }
            case APPROVED -> "To be implemented" + (c.getValidUntil() == null ? "" : " before " + c.getValidUntil());
            case REVIEW_DUE -> "A review after implementation by an independent reviewer, due by " + Formats.dateTime(c.getReviewDueAt());
            default -> "";
        };
    }

    private static Instant earliest(Instant a, Instant b) {
        return b == null || a.isBefore(b) ? a : b;
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }
}
