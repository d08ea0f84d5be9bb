package io.esteira.changes;

import java.util.Set;
import java.util.UUID;

/**
 * Narrows the queue; every part is optional (null or empty: any).
 *
 * @param awaitingMe only what awaits the signed-in reviewer's decision: submitted requests they may decide and
 *                   whose approval would count, and emergency changes whose review after implementation is due
 */
public record ChangeQueueFilter(Set<ChangeState> states, ChangeType type, UUID areaId, Environment environment, boolean awaitingMe) {

    public ChangeQueueFilter {
        states = states == null ? Set.of() : Set.copyOf(states);
    }

    public static ChangeQueueFilter all() {
        return new ChangeQueueFilter(Set.of(), null, null, null, false);
    }

    public static ChangeQueueFilter awaitingMyDecision() {
        return new ChangeQueueFilter(Set.of(), null, null, null, true);
    }
}
