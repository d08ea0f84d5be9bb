package io.esteira.changes.ui;

import io.esteira.changes.ChangeQueueFilter;
import io.esteira.changes.ChangeQueries;
import io.esteira.changes.ChangeRequestView;
import io.esteira.changes.ChangeState;
import io.esteira.shared.security.CurrentUser;
import io.esteira.shared.security.Role;
import io.esteira.shared.ui.HomeTasks;
import java.time.Clock;
import java.util.Optional;
import org.springframework.core.annotation.Order;
import org.springframework.data.domain.Page;
import org.springframework.data.domain.PageRequest;
import org.springframework.stereotype.Component;

/** A reviewer's home leads with their queue: the change requests awaiting their decision, longest waiting first. */
@Component
@Order(10)
class ReviewQueueOnHome implements HomeTasks {

    private final ChangeQueries changes;
    private final Clock clock;

    ReviewQueueOnHome(ChangeQueries changes, Clock clock) {
        this.changes = changes;
        this.clock = clock;
    }

    @Override
    public Optional<Section> forCurrentUser() {
        if (!CurrentUser.require().has(Role.REVIEWER)) {
            return Optional.empty();
        }
        Page<ChangeRequestView> queue = changes.queue(ChangeQueueFilter.awaitingMyDecision(), PageRequest.of(0, SHOWN));
        return Optional.of(new Section("home-review-queue", "Waiting for your review", queue.stream().map(this::task).toList(),
                queue.getTotalElements(), "approvals", "Open the approval queue", "Nothing waits for your review."));
    }

    private Task task(ChangeRequestView c) {
        String what = c.state() == ChangeState.REVIEW_DUE ? "Review after an emergency change" : c.stillNeeded();
        return new Task(c.subjectLabel(), c.areaName() + " · " + what + " · " + ChangeLabels.waiting(c.waitingSince(), clock.instant()),
                "changes/" + c.id(), ChangeLabels.words(c.type()), c.type() == io.esteira.changes.ChangeType.EMERGENCY ? "error" : "");
    }
}
