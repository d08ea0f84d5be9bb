package io.esteira.scheduling;

import static org.assertj.core.api.Assertions.assertThat;

import io.esteira.scheduling.jobs.BusinessDayCalendar;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.Date;
import java.util.List;
import java.util.TimeZone;
import org.junit.jupiter.api.Test;
import org.quartz.CronScheduleBuilder;
import org.quartz.TriggerBuilder;
import org.quartz.TriggerUtils;
import org.quartz.spi.OperableTrigger;

/** Business-day calendars: their holidays by rule, the preview that honours them, and Quartz firing on the same days. */
class BusinessCalendarTest {

    private static final ZoneId LISBON = ZoneId.of("Europe/Lisbon");

    @Test
    void easterFollowsTheGregorianRule() {
        assertThat(BusinessCalendar.easterSunday(2024)).isEqualTo(LocalDate.of(2024, 3, 31));
        assertThat(BusinessCalendar.easterSunday(2025)).isEqualTo(LocalDate.of(2025, 4, 20));
        assertThat(BusinessCalendar.easterSunday(2026)).isEqualTo(LocalDate.of(2026, 4, 5));
        assertThat(BusinessCalendar.easterSunday(2027)).isEqualTo(LocalDate.of(2027, 3, 28));
        assertThat(BusinessCalendar.easterSunday(2038)).isEqualTo(LocalDate.of(2038, 4, 25));
    }

    @Test
    void target2IsClosedOnWeekendsGoodFridayEasterMondayLabourDayAndChristmas() {
        BusinessCalendar target2 = BusinessCalendar.TARGET2;
        assertThat(target2.includes(LocalDate.of(2026, 4, 3))).as("Good Friday").isFalse();
        assertThat(target2.includes(LocalDate.of(2026, 4, 6))).as("Easter Monday").isFalse();
        assertThat(target2.includes(LocalDate.of(2026, 5, 1))).as("Labour Day").isFalse();
        assertThat(target2.includes(LocalDate.of(2026, 12, 25))).as("Christmas").isFalse();
        assertThat(target2.includes(LocalDate.of(2025, 12, 26))).as("Boxing Day").isFalse();
        assertThat(target2.includes(LocalDate.of(2026, 4, 4))).as("Saturday").isFalse();
        assertThat(target2.includes(LocalDate.of(2026, 4, 7))).isTrue();
        assertThat(target2.includes(LocalDate.of(2026, 6, 10))).as("a Portuguese holiday only").isTrue();
        assertThat(BusinessCalendar.NONE.includes(LocalDate.of(2026, 4, 4))).isTrue();
    }

    @Test
    void portugalHasItsOwnHolidays() {
        BusinessCalendar portugal = BusinessCalendar.PORTUGAL;
        assertThat(portugal.includes(LocalDate.of(2026, 6, 4))).as("Corpus Christi").isFalse();
        assertThat(portugal.includes(LocalDate.of(2026, 6, 10))).as("Portugal Day").isFalse();
        assertThat(portugal.includes(LocalDate.of(2026, 12, 1))).as("Restoration of Independence").isFalse();
        assertThat(portugal.includes(LocalDate.of(2026, 4, 6))).as("Easter Monday is a working day in Portugal").isTrue();
    }

    @Test
    void thePreviewSkipsTheDaysTheCalendarCloses() {
        ScheduleTiming daily = ScheduleTiming.dailyAt(LocalTime.of(6, 0), "Europe/Lisbon");
        // 1–2 April 2026 are business days; 3 April is Good Friday, 4–5 a weekend, 6 Easter Monday
        assertThat(daily.nextFires(Instant.parse("2026-03-31T12:00:00Z"), 3, BusinessCalendar.TARGET2)).containsExactly(
                Instant.parse("2026-04-01T05:00:00Z"), Instant.parse("2026-04-02T05:00:00Z"), Instant.parse("2026-04-07T05:00:00Z"));
    }

    @Test
    void quartzFiresOnTheSameDaysAsThePreview() {
        ScheduleTiming daily = ScheduleTiming.dailyAt(LocalTime.of(6, 0), "Europe/Lisbon");
        OperableTrigger trigger = (OperableTrigger) TriggerBuilder.newTrigger()
                .startAt(Date.from(Instant.parse("2026-03-31T12:00:00Z")))
                .withSchedule(CronScheduleBuilder.cronSchedule(daily.cron()).inTimeZone(TimeZone.getTimeZone(LISBON))).build();
        List<Instant> quartz = TriggerUtils.computeFireTimes(trigger, new BusinessDayCalendar(BusinessCalendar.TARGET2, LISBON), 12)
                .stream().map(Date::toInstant).toList();
        assertThat(quartz).isEqualTo(daily.nextFires(Instant.parse("2026-03-31T12:00:00Z"), 12, BusinessCalendar.TARGET2));
        assertThat(quartz).doesNotContain(Instant.parse("2026-04-03T05:00:00Z"), Instant.parse("2026-04-06T05:00:00Z"));
    }
}
