package io.esteira.training.runners;

import java.time.Duration;
import java.util.OptionalInt;

/** A started job, as long as the portal watches it. */
public interface RunningJob {

    RunRef ref();

    /** Waits at most {@code timeout}; the exit code once the job has ended (or -1 when it cannot be known), else empty. */
    OptionalInt awaitExit(Duration timeout);

    /** Stops the job and whatever it started; returns once it is gone or was killed. */
    void stop();

    /**
     * Why the job ended badly when its exit code does not say it all (e.g. a Kubernetes Job past its deadline, an
     * evicted pod), in the user's words; empty when the exit code is the story.
     */
    default java.util.Optional<String> failure() {
        return java.util.Optional.empty();
    }

    /** For a job found again after a restart: where its output goes from now on (a local process's output cannot be caught again). */
    default void logTo(BoundedLog log) {
    }

    /** Once the job has ended: the last of its log still on its way to the run's log has arrived (or given up on). */
    default void drainLog() {
    }

}
