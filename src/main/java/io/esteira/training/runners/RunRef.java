package io.esteira.training.runners;

import java.nio.file.Path;
import java.time.Instant;
import java.util.UUID;

/**
 * What identifies a started job across a restart: its process and when it started (a recycled pid is not ours), or,
 * for a remote runner, its workload (e.g. {@code namespace/job} of a Kubernetes Job; the pid is 0 then).
 */
public record RunRef(UUID runId, Path directory, long pid, Instant startedAt, String workload) {

    public RunRef(UUID runId, Path directory, long pid, Instant startedAt) {
        this(runId, directory, pid, startedAt, null);
    }
}
