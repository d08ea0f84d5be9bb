package io.esteira.deployments;

import java.util.List;
import java.util.Map;

/** The answer of a deployment: one map of output name to value per input row, in order. */
public record Prediction(String deployment, String model, int modelVersion, List<Map<String, Object>> predictions) {
}
