package io.esteira.monitoring.statistics;

/**
 * Realised performance of a regression model once actual values are in.
 *
 * <ul>
 * <li>{@link #meanAbsoluteError()}: {@code mean |actual − predicted|};</li>
 * <li>{@link #rootMeanSquaredError()}: {@code √ mean (actual − predicted)²};</li>
 * <li>{@link #meanAbsolutePercentageError()}: {@code mean |actual − predicted| / |actual|} as a fraction
 * (0.05 = 5 %), over the rows whose actual value is not 0: rows with an actual 0 have no percentage error,
 * are left out and counted in {@link #rowsWithoutPercentageError()}; NaN when every actual is 0.</li>
 * </ul>
 */
public record RegressionPerformance(long rows, double meanAbsoluteError, double rootMeanSquaredError,
        double meanAbsolutePercentageError, long rowsWithoutPercentageError) {

    public static RegressionPerformance of(double[] actual, double[] predicted) {
        if (actual.length != predicted.length) {
            throw new IllegalArgumentException("actual and predicted differ in length: " + actual.length + " vs " + predicted.length);
        }
        int n = actual.length;
        double absolute = 0;
        double squared = 0;
        double percentage = 0;
        long withPercentage = 0;
        for (int i = 0; i < n; i++) {
            double error = actual[i] - predicted[i];
            absolute += Math.abs(error);
            squared += error * error;
            if (actual[i] != 0) {
                percentage += Math.abs(error) / Math.abs(actual[i]);
                withPercentage++;
            }
        }
        return new RegressionPerformance(n, n == 0 ? Double.NaN : absolute / n, n == 0 ? Double.NaN : Math.sqrt(squared / n),
                withPercentage == 0 ? Double.NaN : percentage / withPercentage, n - withPercentage);
    }
}
