package io.esteira.deployments;

import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The answer of a deployment: one map of output name to value per input row, in order, and the
 * version that answered (with a canary running, the canary or the stable one).
 */
public record Prediction(UUID requestId, String deployment, String model, int modelVersion, List<Map<String, Object>> predictions) {
}
