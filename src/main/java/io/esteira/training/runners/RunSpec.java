package io.esteira.training.runners;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * A run ready to start: its directory holds {@code source/} (the code, a copy), {@code inputs/} (the training
 * set and its description), {@code params.json} and an empty {@code output/}; {@code command} runs in the
 * source folder with exactly {@code environment} (the contract's variables; nothing of the portal's own).
 *
 * @param workingDirectory where the command starts: the job's folder inside {@code source/}
 * @param runToken         the run's one-time token for the portal's run endpoints (remote runners only), else null
 */
public record RunSpec(UUID runId, Path directory, Path workingDirectory, List<String> command, Map<String, String> environment,
        Duration maxRunTime, int vcpu, int memoryGib, String gpuType, int gpuCount, Context context, String runToken) {

    /** What a remote runner needs beyond the folder: the job's environment (its image) and what it labels the workload with. */
    public record Context(String job, UUID jobId, String area, UUID areaId, int runNumber, String environment) {
    }

    /** A local run: no labels, no token. */
    public RunSpec(UUID runId, Path directory, Path workingDirectory, List<String> command, Map<String, String> environment,
            Duration maxRunTime, int vcpu, int memoryGib) {
        this(runId, directory, workingDirectory, command, environment, maxRunTime, vcpu, memoryGib, null, 0, null, null);
    }

    public RunSpec {
        command = List.copyOf(command);
        environment = Map.copyOf(environment);
    }

    /** Never the token. */
    @Override
    public String toString() {
        return "RunSpec[" + runId + ", " + command + "]";
    }

    public Path output() {
        return directory.resolve("output");
    }

    public Path logFile() {
        return directory.resolve("run.log");
    }
}
