package io.esteira.deployments.async;

import io.esteira.deployments.Prediction;
import java.time.Instant;
import java.util.UUID;

/**
 * An asynchronous prediction request as its caller sees it. {@code state}: QUEUED, RUNNING (a
 * worker has it), DONE ({@code result} is what {@code /predict} would have answered) or FAILED
 * ({@code error} says why). {@code modelVersion}: the version that answered, once one did;
 * {@code attempts}: how many times a worker took it (more than one when a node stopped meanwhile).
 */
public record AsyncRequestView(UUID requestId, String deployment, String state, String model, Integer modelVersion, Prediction result,
        String error, int attempts, Instant createdAt, Instant startedAt, Instant finishedAt, String location) {

    public static String location(String deployment, UUID requestId) {
        return "/api/v1/serving/" + deployment + "/requests/" + requestId;
    }

    public boolean finished() {
        return "DONE".equals(state) || "FAILED".equals(state);
    }
}
