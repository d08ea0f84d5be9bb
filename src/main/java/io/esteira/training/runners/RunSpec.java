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
 */
public record RunSpec(UUID runId, Path directory, Path workingDirectory, List<String> command, Map<String, String> environment,
        Duration maxRunTime, int vcpu, int memoryGib) {

    public RunSpec {
        command = List.copyOf(command);
        environment = Map.copyOf(environment);
    }

    public Path output() {
        return directory.resolve("output");
    }

    public Path logFile() {
        return directory.resolve("run.log");
    }
}
