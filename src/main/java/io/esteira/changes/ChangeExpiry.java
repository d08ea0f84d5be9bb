package io.esteira.changes;

import io.esteira.changes.ChangeEvents.ChangeExpired;
import io.esteira.changes.ChangeEvents.ChangeStepRecorded;
import io.esteira.changes.domain.ChangeDecision;
import io.esteira.changes.domain.ChangeDecisions;
import io.esteira.changes.domain.ChangeRequest;
import io.esteira.changes.domain.ChangeRequests;
import io.esteira.shared.Formats;
import io.esteira.shared.Trace;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import java.util.function.IntSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.dao.OptimisticLockingFailureException;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Approvals count for {@code esteira.changes.approval-validity}: an approved request not implemented by then
 * (or by the end of its change window) expires, and so does an open one whose window ended; a partial
 * approval that lapsed no longer counts.
 */
@Service
@Transactional(readOnly = true)
@PreAuthorize("isAuthenticated()")
public class ChangeExpiry {

    private static final Logger log = LoggerFactory.getLogger(ChangeExpiry.class);

    private final ChangeRequests requests;
    private final ChangeDecisions decisions;
    private final CountedApprovals approvals;
    private final ChangeTimeline timeline;
    private final ApplicationEventPublisher events;
    private final TransactionTemplate tx;
    private final Duration approvalValidity;
    private final Clock clock;

    ChangeExpiry(ChangeRequests requests, ChangeDecisions decisions, CountedApprovals approvals, ChangeTimeline timeline,
            ApplicationEventPublisher events, PlatformTransactionManager transactionManager, Clock clock) {
        this.requests = requests;
        this.decisions = decisions;
        this.approvals = approvals;
        this.timeline = timeline;
        this.events = events;
        this.tx = new TransactionTemplate(transactionManager);
        tx.setPropagationBehavior(TransactionTemplate.PROPAGATION_REQUIRES_NEW);
        this.approvalValidity = approvals.validity();
        this.clock = clock;
    }

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

    private int sweep(UUID id, IntSupplier work) {
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
        timeline.record(change, null, "expired", reason, null, now);
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
                timeline.record(change, null, "approval-expired", text, Map.of("reviewer", d.getReviewerName()), now);
                events.publishEvent(new ChangeStepRecorded(id, change.getAreaId(), "approval-expired",
                        Map.of("reviewer", d.getReviewerName(), "decidedAt", d.getDecidedAt().toString()), Trace.system(clock)));
                lapsed++;
            }
        }
        change.awaiting(CountedApprovals.neededKinds(approvals.need(change, now)));
        change.touch(now);
        requests.saveAndFlush(change);
        return lapsed;
    }
}
