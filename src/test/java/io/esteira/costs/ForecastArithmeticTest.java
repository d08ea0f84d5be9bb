package io.esteira.costs;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.util.List;
import org.junit.jupiter.api.Test;

class ForecastArithmeticTest {

    static BigDecimal d(String v) {
        return new BigDecimal(v);
    }

    @Test
    void forecast_is_actual_plus_what_runs_times_hours_left_plus_the_average_day_times_days_left() {
        // 10 days and 12 hours left: 252 hours, 10.5 days
        ForecastArithmetic.Result r = ForecastArithmetic.compute(d("100"), d("0.5"), d("252"),
                List.of(d("1"), d("2"), d("3"), d("4"), d("5"), d("6"), d("7")));
        assertThat(r.runningRest()).isEqualByComparingTo("126");
        assertThat(r.dailyAverage()).isEqualByComparingTo("4");
        assertThat(r.daysLeft()).isEqualByComparingTo("10.5");
        assertThat(r.jobsRest()).isEqualByComparingTo("42");
        assertThat(r.forecast()).isEqualByComparingTo("268");
        // the band: the lowest and the highest of the 7 days instead of their average
        assertThat(r.dailyLow()).isEqualByComparingTo("1");
        assertThat(r.dailyHigh()).isEqualByComparingTo("7");
        assertThat(r.low()).isEqualByComparingTo("236.5");
        assertThat(r.high()).isEqualByComparingTo("299.5");
        assertThat(r.forecast().scale()).isEqualTo(Rating.SCALE);
    }

    @Test
    void missing_days_count_as_nothing_spent_so_the_low_end_is_zero() {
        ForecastArithmetic.Result r = ForecastArithmetic.compute(d("0"), d("0"), d("24"), List.of(d("7")));
        assertThat(r.dailyAverage()).isEqualByComparingTo("1");
        assertThat(r.dailyLow()).isEqualByComparingTo("0");
        assertThat(r.dailyHigh()).isEqualByComparingTo("7");
        assertThat(r.forecast()).isEqualByComparingTo("1");
        assertThat(r.low()).isEqualByComparingTo("0");
        assertThat(r.high()).isEqualByComparingTo("7");
    }

    @Test
    void a_past_month_is_what_it_cost_and_only_the_last_seven_days_count() {
        ForecastArithmetic.Result r = ForecastArithmetic.compute(d("55.55"), d("3"), d("0"),
                List.of(d("100"), d("1"), d("1"), d("1"), d("1"), d("1"), d("1"), d("1")));
        assertThat(r.dailyAverage()).isEqualByComparingTo("1");
        assertThat(r.forecast()).isEqualByComparingTo("55.55");
        assertThat(r.low()).isEqualByComparingTo("55.55");
        assertThat(r.high()).isEqualByComparingTo("55.55");
        assertThat(ForecastArithmetic.compute(d("1"), d("1"), d("-5"), List.of()).forecast()).isEqualByComparingTo("1");
    }

    @Test
    void averages_keep_ten_decimals_half_even_and_percent_of_budget_one() {
        ForecastArithmetic.Result r = ForecastArithmetic.compute(d("0"), d("0"), d("24"), List.of(d("1"), d("0"), d("0")));
        assertThat(r.dailyAverage()).isEqualTo(d("0.1428571429"));
        assertThat(ForecastArithmetic.percent(d("18.48"), d("20.00"))).isEqualByComparingTo("92.4");
        assertThat(ForecastArithmetic.percent(d("1"), BigDecimal.ZERO)).isNull();
        assertThat(BudgetAlerts.crossed(d("10"), d("20"), 50)).isTrue();
        assertThat(BudgetAlerts.crossed(d("9.99"), d("20"), 50)).isFalse();
    }
}
