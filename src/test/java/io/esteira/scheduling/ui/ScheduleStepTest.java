package io.esteira.scheduling.ui;

import static org.assertj.core.api.Assertions.assertThat;

import com.vaadin.flow.component.html.Span;
import io.esteira.scheduling.BusinessCalendar;
import org.junit.jupiter.api.Test;

class ScheduleStepTest {

    @Test
    void it_starts_daily_at_six_in_lisbon_and_shows_a_given_schedule_as_its_cron() {
        Span errors = new Span();
        ScheduleStep step = new ScheduleStep("batch", errors, java.time.Clock.systemUTC());
        assertThat(step.timing().cron()).isEqualTo("0 0 6 * * ?");
        assertThat(step.timing().zone()).isEqualTo("Europe/Lisbon");
        step.show("0 30 6 ? * MON-FRI", "UTC", BusinessCalendar.TARGET2);
        assertThat(step.timing().cron()).isEqualTo("0 30 6 ? * MON-FRI");
        assertThat(step.calendar()).isEqualTo(BusinessCalendar.TARGET2);
        assertThat(step.inWords()).contains("TARGET2");
        assertThat(errors.getText()).isEmpty();
    }

    @Test
    void a_wrong_cron_is_explained_on_its_field_with_the_column_and_gives_no_timing() {
        Span errors = new Span();
        ScheduleStep step = new ScheduleStep("batch", errors, java.time.Clock.systemUTC());
        step.show("0 30 25 * * ?", "Europe/Lisbon", null);
        assertThat(step.timing()).isNull();
        assertThat(step.cronField().isInvalid()).isTrue();
        assertThat(step.cronField().getErrorMessage()).contains("Part 3 (hours) at column 6 is 25; it takes 0 to 23")
                .doesNotContain("Exception", "Quartz refused");
        assertThat(errors.getText()).isEmpty();
        step.show("0 30 6 * * ?", "Europe/Lisbon", null);
        assertThat(step.timing()).isNotNull();
        assertThat(step.cronField().isInvalid()).isFalse();
    }
}
