package io.esteira.monitoring;

import io.esteira.models.TensorSpec;
import io.esteira.models.VersionView;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * What a model version predicts, as performance reads it: its task, the output holding the score (or
 * the predicted value) and the decision threshold of a classifier. The version's parameters say it
 * when they can ({@code task}: classification or regression; {@code score_output}; {@code
 * decision_threshold}, {@code positive_class}); else the task follows from the metrics it was
 * registered with (AUC, log loss, accuracy… a classifier; MAE, RMSE, MAPE, R² a regression), else
 * from the output's name (a probability or score: a classifier); the score is its first numeric
 * output; the threshold 0.5.
 *
 * @param how in words, for the method of every row computed with it
 */
record VersionScoring(PerformanceResults.Task task, String scoreOutput, double threshold, String positiveClass, String how) {

    static final double DEFAULT_THRESHOLD = 0.5;
    private static final Set<String> CLASSIFIER_METRICS = Set.of("auc", "roc_auc", "log_loss", "logloss", "accuracy", "f1", "precision",
            "recall", "brier", "ks", "gini");
    private static final Set<String> REGRESSION_METRICS = Set.of("mae", "rmse", "mse", "mape", "r2", "r_squared");
    private static final Set<String> NUMERIC = Set.of("float", "double", "float16", "int64", "int32", "int16", "int8", "uint8");

    static VersionScoring of(VersionView version) {
        return of(version.parameters() == null ? Map.of() : version.parameters(), version.metrics() == null ? Map.of() : version.metrics(),
                version.signature() == null ? List.of() : version.signature().outputs());
    }

    static VersionScoring of(Map<String, String> parameters, Map<String, Double> metrics, List<TensorSpec> outputs) {
        String output = parameters.get("score_output");
        String outputWhy = "parameter score_output";
        if (output == null || output.isBlank()) {
            output = outputs.stream().filter(o -> o.type() != null && NUMERIC.contains(o.type().toLowerCase(Locale.ROOT))).map(TensorSpec::name)
                    .findFirst().orElse(outputs.isEmpty() ? null : outputs.getFirst().name());
            outputWhy = "first numeric output of the signature";
        }
        PerformanceResults.Task task;
        String taskWhy;
        String declared = parameters.getOrDefault("task", "").toLowerCase(Locale.ROOT);
        if (declared.contains("class")) {
            task = PerformanceResults.Task.CLASSIFICATION;
            taskWhy = "parameter task";
        } else if (declared.contains("regress")) {
            task = PerformanceResults.Task.REGRESSION;
            taskWhy = "parameter task";
        } else if (metrics.keySet().stream().anyMatch(m -> CLASSIFIER_METRICS.contains(m.toLowerCase(Locale.ROOT)))) {
            task = PerformanceResults.Task.CLASSIFICATION;
            taskWhy = "its registered metrics";
        } else if (metrics.keySet().stream().anyMatch(m -> REGRESSION_METRICS.contains(m.toLowerCase(Locale.ROOT)))) {
            task = PerformanceResults.Task.REGRESSION;
            taskWhy = "its registered metrics";
        } else {
            String name = output == null ? "" : output.toLowerCase(Locale.ROOT);
            task = name.contains("prob") || name.contains("score") ? PerformanceResults.Task.CLASSIFICATION : PerformanceResults.Task.REGRESSION;
            taskWhy = "the output's name";
        }
        double threshold = DEFAULT_THRESHOLD;
        String thresholdWhy = "default (no decision_threshold parameter)";
        String given = parameters.getOrDefault("decision_threshold", parameters.get("threshold"));
        if (given != null) {
            try {
                double t = Double.parseDouble(given.strip());
                if (t >= 0 && t <= 1) {
                    threshold = t;
                    thresholdWhy = "parameter " + (parameters.containsKey("decision_threshold") ? "decision_threshold" : "threshold");
                } else {
                    thresholdWhy = "default (the threshold parameter " + given + " is not in [0, 1])";
                }
            } catch (NumberFormatException e) {
                thresholdWhy = "default (the threshold parameter is not a number)";
            }
        }
        String positive = parameters.get("positive_class");
        String how = task == PerformanceResults.Task.CLASSIFICATION
                ? "classification (" + taskWhy + "), score output " + output + " (" + outputWhy + "), threshold " + threshold + " ("
                        + thresholdWhy + "), positive label 1/true" + (positive == null ? "" : " or " + positive)
                : "regression (" + taskWhy + "), predicted value output " + output + " (" + outputWhy + ")";
        return new VersionScoring(task, output, threshold, positive, how);
    }

    /** A label as a classifier's outcome: true (positive), false, or null when it is neither. */
    Boolean outcome(String text, Double number) {
        if (number != null) {
            return number == 1 ? Boolean.TRUE : number == 0 ? Boolean.FALSE : null;
        }
        if (positiveClass != null) {
            return positiveClass.equals(text);
        }
        return null;
    }
}
