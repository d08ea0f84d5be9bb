package io.esteira.changes;

import java.time.Instant;
import java.util.Map;

/**
 * One step of a change request's timeline: who, what, when, with what comment.
 *
 * @param step    e.g. {@code submitted}, {@code approved-by-policy}, {@code approval}, {@code rejected}, {@code edited},
 *                {@code withdrawn}, {@code reclassified}, {@code approval-expired}, {@code approved}, {@code expired},
 *                {@code implemented}, {@code reviewed}
 * @param details what changed, e.g. {@code {"justification": {"from": …, "to": …}}}
 */
public record HistoryEntry(int position, Instant at, String actor, String step, String comment, Map<String, Object> details) {
}
