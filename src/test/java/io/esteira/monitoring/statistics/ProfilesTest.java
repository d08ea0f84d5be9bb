package io.esteira.monitoring.statistics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.Random;
import org.junit.jupiter.api.Test;

/** Profiles keep what they saw through bytes and merges. */
class ProfilesTest {

    @Test
    void a_numeric_profile_counts_nulls_and_moments() {
        NumericProfile profile = NumericProfile.empty().add(1).add(2).add(Double.NaN).addNull().add(6);

        assertThat(profile.count()).isEqualTo(3);
        assertThat(profile.nulls()).isEqualTo(2);
        assertThat(profile.min()).isEqualTo(1);
        assertThat(profile.max()).isEqualTo(6);
        assertThat(profile.sum()).isEqualTo(9);
        assertThat(profile.mean()).isEqualTo(3);
        assertThat(profile.standardDeviation()).isCloseTo(Math.sqrt(14.0 / 3), within(1e-12));
        assertThat(profile.rankError()).isZero();
    }

    @Test
    void numeric_profiles_of_two_halves_merge_into_the_profile_of_the_whole() {
        Random random = new Random(7);
        NumericProfile whole = NumericProfile.empty();
        NumericProfile first = NumericProfile.empty();
        NumericProfile second = NumericProfile.empty();
        for (int i = 0; i < 100_000; i++) {
            double value = 50 + 10 * random.nextGaussian();
            whole.add(value);
            (i % 3 == 0 ? first : second).add(value);
        }
        second.addNull();

        NumericProfile merged = NumericProfile.fromBytes(first.toBytes()).merge(NumericProfile.fromBytes(second.toBytes()));

        assertThat(merged.count()).isEqualTo(whole.count());
        assertThat(merged.nulls()).isEqualTo(1);
        assertThat(merged.min()).isEqualTo(whole.min());
        assertThat(merged.max()).isEqualTo(whole.max());
        assertThat(merged.sum()).isCloseTo(whole.sum(), within(1e-6));
        assertThat(merged.mean()).isCloseTo(whole.mean(), within(1e-9));
        assertThat(merged.standardDeviation()).isCloseTo(whole.standardDeviation(), within(1e-9));
        assertThat(merged.rankError()).isEqualTo(NumericProfile.rankErrorOfSketchSize());
        // the median of N(50, 10) is 50; a rank error ε moves it by at most about ε / density(50) = ε · 10 · √(2π)
        assertThat(merged.quantile(0.5)).isCloseTo(50, within(merged.rankError() * 10 * Math.sqrt(2 * Math.PI) + 0.1));
    }

    @Test
    void a_numeric_profile_survives_its_bytes() {
        NumericProfile profile = NumericProfile.empty();
        new Random(3).doubles(5_000).forEach(profile::add);
        profile.addNull();

        NumericProfile back = NumericProfile.fromBytes(profile.toBytes());

        assertThat(back.count()).isEqualTo(profile.count());
        assertThat(back.nulls()).isEqualTo(1);
        assertThat(back.mean()).isEqualTo(profile.mean());
        assertThat(back.standardDeviation()).isEqualTo(profile.standardDeviation());
        assertThat(back.quantile(0.9)).isEqualTo(profile.quantile(0.9));
        assertThat(back.toBytes()).isEqualTo(profile.toBytes());
        assertThat(NumericProfile.fromBytes(NumericProfile.empty().toBytes()).count()).isZero();
    }

    @Test
    void bytes_that_are_not_a_profile_are_refused() {
        assertThatThrownBy(() -> NumericProfile.fromBytes(CategoricalProfile.empty().toBytes()))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> CategoricalProfile.fromBytes(NumericProfile.empty().toBytes()))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void categorical_profiles_merge_and_survive_their_bytes() {
        CategoricalProfile first = CategoricalProfile.empty().add("fuel").add("fuel").add("travel").add(null);
        CategoricalProfile second = CategoricalProfile.empty().add("fuel").add("grocery");

        CategoricalProfile merged = CategoricalProfile.fromBytes(first.toBytes()).merge(CategoricalProfile.fromBytes(second.toBytes()));

        assertThat(merged.count()).isEqualTo(5);
        assertThat(merged.nulls()).isEqualTo(1);
        assertThat(merged.maximumError()).isZero();
        assertThat(merged.frequentCategories()).containsExactly(java.util.Map.entry("fuel", 3L),
                java.util.Map.entry("grocery", 1L), java.util.Map.entry("travel", 1L));
    }

    @Test
    void a_categorical_profile_of_many_categories_keeps_the_frequent_ones_within_its_error() {
        CategoricalProfile profile = CategoricalProfile.empty();
        Random random = new Random(11);
        long heavy = 0;
        for (int i = 0; i < 200_000; i++) {
            if (random.nextDouble() < 0.2) {
                profile.add("heavy");
                heavy++;
            } else {
                profile.add("rare-" + random.nextInt(20_000));
            }
        }

        assertThat(profile.maximumError()).isPositive();
        assertThat(profile.estimate("heavy")).isBetween(heavy, heavy + profile.maximumError());
        assertThat(profile.frequentCategories().keySet().iterator().next()).isEqualTo("heavy");
    }
}
