package io.esteira.training.runners;

import java.nio.file.Path;
import java.time.Instant;
import java.util.UUID;

/** What identifies a started job across a restart: its process and when it started (a recycled pid is not ours). */
public record RunRef(UUID runId, Path directory, long pid, Instant startedAt) {
}
