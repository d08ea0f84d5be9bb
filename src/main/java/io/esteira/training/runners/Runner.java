package io.esteira.training.runners;

import java.util.List;
import java.util.Optional;

/**
 * Where training code runs. The portal prepares a run's directory (the source, the inputs, the parameters,
 * an empty output folder; see {@link RunSpec}) and hands it to a runner, which starts the job, tells when it
 * ends, stops it on request or at its time limit, and gives its log. {@code local} runs a process on the
 * portal's node; {@code kubernetes} runs a Kubernetes Job that fetches its inputs from the portal and sends its
 * outputs back with a one-time run token.
 */
public interface Runner {

    /** The name jobs use to pick the runner, e.g. {@code local}. */
    String kind();

    /** Whether runs can start here now, and if not what to do about it. */
    Availability availability();

    /** The environments the runner offers, e.g. {@code python3}. */
    List<String> environments();

    /** Whether runs in one of its environments can start here now; the runner's own availability unless an environment has its own. */
    default Availability availability(String environment) {
        return availability();
    }

    /** The command that runs an entrypoint (a file of the source) in one of {@link #environments()}. */
    default List<String> command(String environment, String entrypoint) {
        return List.of(environment, entrypoint);
    }

    /**
     * Whether the job runs away from the portal's node (e.g. a Kubernetes Job): it then gets a one-time run token and
     * fetches its inputs and sends its outputs through the portal's run endpoints, and it outlives a restart of the
     * portal, which adopts it again ({@link #find}) instead of stopping it.
     */
    default boolean remote() {
        return false;
    }

    /**
     * Starts the job; its output (stdout and stderr) goes to {@code log} until it ends.
     *
     * @throws RunnerException when the job cannot be started (nothing keeps running then)
     */
    RunningJob start(RunSpec spec, BoundedLog log);

    /**
     * A job started earlier, found again by the reference it was started with (after a restart of the portal);
     * empty when its process or workload is gone.
     */
    Optional<RunningJob> find(RunRef ref);

    record Availability(boolean available, String message) {
        public static Availability yes(String message) {
            return new Availability(true, message);
        }

        public static Availability no(String message) {
            return new Availability(false, message);
        }
    }
}
