package io.esteira.changes;

import io.esteira.areas.AreaAccess;
import io.esteira.changes.ChangeEvents.ChangeImplemented;
import io.esteira.changes.ChangePolicy.Need;
import io.esteira.changes.domain.ChangeRequest;
import io.esteira.changes.domain.ChangeRequests;
import io.esteira.shared.InvalidRequestException;
import io.esteira.shared.NotFoundException;
import io.esteira.shared.Trace;
import io.esteira.shared.security.CurrentUser;
import io.esteira.shared.security.SignedInUser;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** The module that carried an approved change out says so here; an emergency change then awaits its review after implementation. */
@Service
@Transactional(readOnly = true)
@PreAuthorize("isAuthenticated()")
public class ChangeImplementations {

    private final ChangeRequests requests;
    private final AreaAccess access;
    private final ChangeTimeline timeline;
    private final ChangeViews views;
    private final ApplicationEventPublisher events;
    private final Duration reviewWithin;
    private final Clock clock;

    ChangeImplementations(ChangeRequests requests, AreaAccess access, ChangeTimeline timeline, ChangeViews views,
            ApplicationEventPublisher events, @Value("${esteira.changes.review-within:P5D}") Duration reviewWithin, Clock clock) {
        this.requests = requests;
        this.access = access;
        this.timeline = timeline;
        this.views = views;
        this.events = events;
        this.reviewWithin = reviewWithin;
        this.clock = clock;
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
        String text = ChangeInput.blankToNull(note);
        if (text != null && text.length() > 2000) {
            text = text.substring(0, 1999) + "…";
        }
        change.implemented(now, text, reviewDue);
        if (reviewDue != null) {
            change.awaiting(CountedApprovals.neededKinds(new Need(false, "", ChangePolicy.KINDS)));
        }
        SignedInUser me = CurrentUser.require();
        timeline.record(change, me, "implemented", text, reviewDue == null ? null : Map.of("reviewDueAt", reviewDue.toString()), now);
        events.publishEvent(new ChangeImplemented(id, change.getAreaId(), change.getSubjectType(), change.getSubjectId(),
                change.getEnvironment(), change.getType(), text, reviewDue != null, Trace.capture(clock)));
        requests.saveAndFlush(change);
        return views.view(change);
    }
}
