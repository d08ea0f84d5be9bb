package io.esteira.training.domain;

import java.util.Set;

/** Where a training run is: waiting, being set up, running, or one of the ends. */
public enum RunState {
    QUEUED, STARTING, RUNNING, SUCCEEDED, FAILED, CANCELLED, LOST;

    public static final Set<RunState> ACTIVE = Set.of(QUEUED, STARTING, RUNNING);
    /** Claimed by a node: its process may exist there. */
    public static final Set<RunState> ON_A_NODE = Set.of(STARTING, RUNNING);

    public boolean finished() {
        return !ACTIVE.contains(this);
    }
}
