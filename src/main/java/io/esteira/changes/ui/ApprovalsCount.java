package io.esteira.changes.ui;

import io.esteira.changes.ChangeQueries;
import io.esteira.changes.ChangeQueueFilter;
import io.esteira.shared.ui.MenuCount;
import java.util.Set;
import org.springframework.data.domain.PageRequest;
import org.springframework.stereotype.Component;

/** Beside Approvals: the change requests awaiting the signed-in reviewer's decision (the queue's "Awaiting me"). */
@Component
class ApprovalsCount implements MenuCount {

    private final ChangeQueries changes;

    ApprovalsCount(ChangeQueries changes) {
        this.changes = changes;
    }

    @Override
    public String path() {
        return "approvals";
    }

    @Override
    public long count() {
        return changes.queue(new ChangeQueueFilter(Set.of(), null, null, null, true), PageRequest.of(0, 1)).getTotalElements();
    }

    @Override
    public String describe(long count) {
        return count == 0 ? "No change request awaits your review" : count == 1 ? "1 change request awaits your review"
                : count + " change requests await your review";
    }
}
