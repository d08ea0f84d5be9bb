package io.esteira.shared.errors;

import static org.assertj.core.api.Assertions.assertThat;

import io.esteira.shared.InvalidRequestException;
import org.junit.jupiter.api.Test;

/** A wrong cron names its wrong part, where it starts and what it takes; no Quartz or cron-utils messages. */
class CronErrorsTest {

    @Test
    void a_right_cron_passes() {
        assertThat(CronErrors.check("cron", "0 30 6 ? * MON-FRI")).isEmpty();
        assertThat(CronErrors.check("cron", "0 0 12 L * ? 2027")).isEmpty();
    }

    @Test
    void an_hour_out_of_range_is_named_with_its_column() {
        InvalidRequestException e = CronErrors.check("cron", "0 30 25 * * ?").orElseThrow();
        assertThat(e.getMessage()).isEqualTo("Part 3 (hours) at column 6 is 25; it takes 0 to 23, with *, ranges (1-5), lists (1,15) or steps (0/15)");
        assertThat(e.position()).contains(new TextPosition(1, 6));
        assertThat(e.fieldErrors()).containsKey("cron");
    }

    @Test
    void an_unknown_day_name_and_letters_in_seconds_are_named() {
        assertThat(CronErrors.check("cron", "0 30 6 ? * FOO").orElseThrow().getMessage()).startsWith("Part 6 (day of week) at column 12 is FOO");
        String seconds = CronErrors.check("cron", "x 30 6 ? * *").orElseThrow().getMessage();
        assertThat(seconds).startsWith("Part 1 (seconds) at column 1 is x").doesNotContain("Exception", "StringIndexOutOfBounds");
    }

    @Test
    void too_few_parts_and_both_days_are_explained() {
        assertThat(CronErrors.check("cron", "0 30 6").orElseThrow().getMessage())
                .isEqualTo("A cron has six or seven parts separated by spaces; this one has 3");
        assertThat(CronErrors.check("cron", "0 30 6 * * MON").orElseThrow().getMessage())
                .isEqualTo("Put ? in day of month (column 8) or in day of week: Quartz takes one of the two, not both");
    }
}
