package io.esteira.monitoring.statistics;

import java.time.Duration;
import java.time.Instant;

/**
 * Whether a window's realised performance may be shown: labels arrive late, so a window's first
 * labels are a biased few (the quick ones). A window is mature when its label coverage (labelled rows
 * / predicted rows) reached the monitor's threshold, or when its end is older than the maturity delay
 * (the labels that would come have come). A window without predictions is never mature.
 *
 * @param coverage labelled / predicted rows; NaN without predictions
 * @param reason   why, in a sentence for the screen and the API
 */
public record Maturity(State state, double coverage, String reason) {

    public enum State { IMMATURE, MATURE }

    public boolean mature() {
        return state == State.MATURE;
    }

    public static Maturity of(long predictedRows, long labelledRows, Instant windowEnd, Instant now, double coverageThreshold,
            Duration delay) {
        if (coverageThreshold <= 0 || coverageThreshold > 1) {
            throw new IllegalArgumentException("the coverage threshold lies in (0, 1]: " + coverageThreshold);
        }
        if (delay.isNegative() || delay.isZero()) {
            throw new IllegalArgumentException("the maturity delay is positive: " + delay);
        }
        if (predictedRows <= 0) {
            return new Maturity(State.IMMATURE, Double.NaN, "no predictions in the window");
        }
        double coverage = Math.min(1.0, (double) labelledRows / predictedRows);
        String share = String.format(java.util.Locale.ROOT, "%d of %d rows labelled (%.0f%%)", labelledRows, predictedRows, coverage * 100);
        if (coverage >= coverageThreshold) {
            return new Maturity(State.MATURE, coverage, share + ", at least the coverage threshold " + percent(coverageThreshold));
        }
        Instant matureAt = windowEnd.plus(delay);
        if (!now.isBefore(matureAt)) {
            return new Maturity(State.MATURE, coverage, share + "; the window ended more than " + hours(delay) + " ago");
        }
        return new Maturity(State.IMMATURE, coverage, share + ", under the coverage threshold " + percent(coverageThreshold)
                + "; mature at " + io.esteira.shared.Formats.dateTime(matureAt) + " at the latest");
    }

    private static String percent(double share) {
        return String.format(java.util.Locale.ROOT, "%.0f%%", share * 100);
    }

    private static String hours(Duration delay) {
        return delay.toHours() % 24 == 0 ? delay.toDays() + " days" : delay.toHours() + " hours";
    }
}
