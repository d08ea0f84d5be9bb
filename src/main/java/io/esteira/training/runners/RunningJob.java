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

}
