package io.esteira.costs;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.List;

/**
 * The forecast's arithmetic, on its own so that it is unit-tested: actual + what runs now × the hours
 * left + the average day of jobs and calls × the days left; low and high take the lowest and the
 * highest of those days instead of the average. Amounts keep the ledger's 10 decimals (half-even).
 */
final class ForecastArithmetic {

    static final int DAYS = 7;
    private static final BigDecimal HOURS_PER_DAY = BigDecimal.valueOf(24);

    record Result(BigDecimal runningRest, BigDecimal dailyAverage, BigDecimal dailyLow, BigDecimal dailyHigh, BigDecimal daysLeft,
            BigDecimal jobsRest, BigDecimal forecast, BigDecimal low, BigDecimal high) {
    }

    private ForecastArithmetic() {
    }

    /** @param days the cost of jobs and calls of each of the last {@link #DAYS} full days (missing days count as 0) */
    static Result compute(BigDecimal actual, BigDecimal runningHourly, BigDecimal hoursLeft, List<BigDecimal> days) {
        List<BigDecimal> seven = new java.util.ArrayList<>(days.subList(Math.max(0, days.size() - DAYS), days.size()));
        while (seven.size() < DAYS) {
            seven.add(BigDecimal.ZERO);
        }
        BigDecimal sum = seven.stream().reduce(BigDecimal.ZERO, BigDecimal::add);
        BigDecimal average = scale(sum.divide(BigDecimal.valueOf(DAYS), Rating.SCALE, RoundingMode.HALF_EVEN));
        BigDecimal min = scale(seven.stream().min(BigDecimal::compareTo).orElseThrow());
        BigDecimal max = scale(seven.stream().max(BigDecimal::compareTo).orElseThrow());
        BigDecimal hours = hoursLeft.signum() < 0 ? BigDecimal.ZERO : hoursLeft;
        BigDecimal daysLeft = hours.divide(HOURS_PER_DAY, Rating.SCALE, RoundingMode.HALF_EVEN);
        BigDecimal runningRest = scale(runningHourly.multiply(hours));
        BigDecimal jobsRest = scale(average.multiply(daysLeft));
        BigDecimal base = scale(actual).add(runningRest);
        return new Result(runningRest, average, min, max, daysLeft, jobsRest, base.add(jobsRest), base.add(scale(min.multiply(daysLeft))),
                base.add(scale(max.multiply(daysLeft))));
    }

    static BigDecimal scale(BigDecimal v) {
        return v.setScale(Rating.SCALE, RoundingMode.HALF_EVEN);
    }

    /** amount / budget × 100, 1 decimal; null without a budget. */
    static BigDecimal percent(BigDecimal amount, BigDecimal budget) {
        return budget == null || budget.signum() == 0 ? null
                : amount.multiply(BigDecimal.valueOf(100)).divide(budget, 1, RoundingMode.HALF_EVEN);
    }
}
