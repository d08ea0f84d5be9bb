package io.esteira.models;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import java.util.Locale;

/**
 * A metric a version must reach, e.g. {@code auc >= 0.70} or {@code log_loss <= 0.5}. A version
 * that does not report the metric fails it.
 */
public record Threshold(
        @NotBlank(message = "Name the metric") @Pattern(regexp = "[A-Za-z][A-Za-z0-9_.-]{0,79}", message = "A metric name: letters, digits, _ . -") String metric,
        @NotBlank @Pattern(regexp = ">=|<=|>|<", message = "One of >=, <=, >, <") String operator,
        double value) {

    public boolean holds(double actual) {
        return switch (operator) {
            case ">=" -> actual >= value;
            case "<=" -> actual <= value;
            case ">" -> actual > value;
            case "<" -> actual < value;
            default -> false;
        };
    }

    /** Reads {@code auc >= 0.70}. */
    public static Threshold parse(String text) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("\\s*([A-Za-z][A-Za-z0-9_.-]*)\\s*(>=|<=|>|<)\\s*(-?[0-9.]+(?:[eE]-?[0-9]+)?)\\s*")
                .matcher(text == null ? "" : text);
        if (!m.matches()) {
            throw new io.esteira.shared.InvalidRequestException("thresholds", "Write a threshold as metric, operator and number, e.g. auc >= 0.70: " + text);
        }
        return new Threshold(m.group(1).toLowerCase(Locale.ROOT), m.group(2), Double.parseDouble(m.group(3)));
    }

    @Override
    public String toString() {
        return metric + " " + operator + " " + (value == Math.rint(value) ? String.valueOf((long) value) : String.valueOf(value));
    }
}
