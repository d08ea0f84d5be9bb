package io.esteira.changes;

import io.esteira.changes.domain.ChangeRequest;
import io.esteira.shared.InvalidRequestException;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.orm.ObjectOptimisticLockingFailureException;

/** The checks of what people write into a change request or a decision, and of the version they saw. */
final class ChangeInput {

    private static final int MIN_COMMENT = 10;
    private static final int MAX_COMMENT = 4000;
    /** A window may open a little before the request reaches the service (the form took time to fill in). */
    private static final Duration WINDOW_GRACE = Duration.ofMinutes(10);

    private ChangeInput() {
    }

    static void checkWindow(ChangeRequestDraft draft, Instant now) {
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

    static void checkRollbackPlan(ChangeRequest change) {
        if (change.getRollbackPlan() == null && (change.getEnvironment() == Environment.PRODUCTION || change.getType() == ChangeType.EMERGENCY)) {
            throw new InvalidRequestException("rollbackPlan", (change.getType() == ChangeType.EMERGENCY ? "An emergency change"
                    : "A change to production") + " needs a rollback plan: how to undo it if it goes wrong");
        }
    }

    static String comment(String comment) {
        return comment(comment, "comment");
    }

    static String comment(String comment, String field) {
        String text = comment == null ? "" : comment.strip();
        if (text.length() < MIN_COMMENT || text.length() > MAX_COMMENT) {
            throw new InvalidRequestException(field, "Write at least " + MIN_COMMENT + " characters (at most " + MAX_COMMENT
                    + "): reviewers' decisions are read later");
        }
        return text;
    }

    static void requireVersion(ChangeRequest change, long expectedVersion) {
        if (change.getRowVersion() != expectedVersion) {
            throw new ObjectOptimisticLockingFailureException(ChangeRequest.class, change.getId());
        }
    }

    static Instant earliest(Instant a, Instant b) {
        return b == null || a.isBefore(b) ? a : b;
    }

    static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }
}
