package io.esteira.scheduling;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.esteira.shared.InvalidRequestException;
import java.time.Instant;
import java.time.LocalTime;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Schedules in words and their next fire times, across daylight-saving changes. */
class ScheduleTimingTest {

    private static final Instant JANUARY = Instant.parse("2026-01-01T00:00:00Z");

    @Test
    void presetsBecomeCronExpressionsInWords() {
        assertThat(ScheduleTiming.dailyAt(LocalTime.of(6, 30), "Europe/Lisbon").cron()).isEqualTo("0 30 6 * * ?");
        assertThat(ScheduleTiming.weekdaysAt(LocalTime.of(7, 0), "UTC").cron()).isEqualTo("0 0 7 ? * MON-FRI");
        assertThat(ScheduleTiming.monthlyOn(0, LocalTime.of(23, 0), "UTC").cron()).isEqualTo("0 0 23 L * ?");
        assertThat(ScheduleTiming.hourly(15, "UTC", JANUARY).cron()).isEqualTo("0 15 * * * ?");
        assertThat(ScheduleTiming.hourly(15, "Europe/Lisbon", JANUARY).zone()).isEqualTo("UTC");
        assertThat(ScheduleTiming.dailyAt(LocalTime.of(6, 30), "Europe/Lisbon").inWords()).contains("6:30").endsWith("(Europe/Lisbon)");
        assertThat(ScheduleTiming.weekdaysAt(LocalTime.of(7, 0), "UTC").inWords()).containsIgnoringCase("monday").containsIgnoringCase("friday");
    }

    @Test
    void theTimesPeoplePickAreSaidAsPeopleSayThem() {
        assertThat(ScheduleTiming.dailyAt(LocalTime.of(6, 30), "Europe/Lisbon").inWords()).isEqualTo("every day at 06:30 (Europe/Lisbon)");
        assertThat(ScheduleTiming.weekdaysAt(LocalTime.of(5, 15), "UTC").inWords()).isEqualTo("Monday to Friday at 05:15 (UTC)");
        assertThat(ScheduleTiming.weeklyOn(java.time.DayOfWeek.MONDAY, LocalTime.of(6, 0), "UTC").inWords()).isEqualTo("every Monday at 06:00 (UTC)");
        assertThat(new ScheduleTiming("0 0 6 ? * MON,WED,FRI", "UTC").inWords()).isEqualTo("every Monday, Wednesday and Friday at 06:00 (UTC)");
        assertThat(ScheduleTiming.monthlyOn(1, LocalTime.of(6, 0), "UTC").inWords()).isEqualTo("on day 1 of every month at 06:00 (UTC)");
        assertThat(ScheduleTiming.monthlyOn(0, LocalTime.of(23, 0), "UTC").inWords()).isEqualTo("on the last day of every month at 23:00 (UTC)");
        // anything else is left to cron-utils, which never says "at Monday day" for these
        assertThat(ScheduleTiming.hourly(15, "UTC", JANUARY).inWords()).doesNotContain(" day day").endsWith("(UTC)");
        assertThat(new ScheduleTiming("0 0 6 ? * MON#1", "UTC").inWords()).endsWith("(UTC)");
    }

    @Test
    void aDailyRunKeepsItsLocalTimeAcrossTheSpringChange() {
        // Lisbon moves from UTC+0 to UTC+1 at 01:00 on 29 March 2026
        List<Instant> fires = ScheduleTiming.dailyAt(LocalTime.of(6, 30), "Europe/Lisbon")
                .nextFires(Instant.parse("2026-03-27T12:00:00Z"), 4);
        assertThat(fires).containsExactly(Instant.parse("2026-03-28T06:30:00Z"), Instant.parse("2026-03-29T05:30:00Z"),
                Instant.parse("2026-03-30T05:30:00Z"), Instant.parse("2026-03-31T05:30:00Z"));
    }

    @Test
    void aTimeThatDoesNotExistIsSkippedAndOneThatHappensTwiceFiresOnceAndThePreviewSaysSo() {
        // 01:30 does not exist in Lisbon on 29 March 2026 and happens twice on 25 October 2026
        ScheduleTiming night = ScheduleTiming.dailyAt(LocalTime.of(1, 30), "Europe/Lisbon");
        assertThat(night.nextFires(Instant.parse("2026-03-28T00:00:00Z"), 3)).containsExactly(Instant.parse("2026-03-28T01:30:00Z"),
                Instant.parse("2026-03-30T00:30:00Z"), Instant.parse("2026-03-31T00:30:00Z"));
        List<Instant> autumn = night.nextFires(Instant.parse("2026-10-24T12:00:00Z"), 3);
        assertThat(autumn).hasSize(3).doesNotHaveDuplicates();
        assertThat(autumn.get(1)).isEqualTo(Instant.parse("2026-10-26T01:30:00Z"));
        assertThat(night.daylightSavingNotes(Instant.parse("2026-01-01T00:00:00Z"))).containsExactly(
                "01:30 does not exist on 2026-03-29 in Europe/Lisbon: that day's run is skipped",
                "01:30 happens twice on 2026-10-25 in Europe/Lisbon: the schedule fires once");
        assertThat(ScheduleTiming.dailyAt(LocalTime.of(6, 30), "Europe/Lisbon").daylightSavingNotes(Instant.parse("2026-01-01T00:00:00Z")))
                .isEmpty();
    }

    @Test
    void anHourlyScheduleFiresEveryRealHourEvenWhenTheClocksGoBack() {
        ScheduleTiming hourly = ScheduleTiming.hourly(0, "Europe/Lisbon", JANUARY);
        assertThat(hourly.nextFires(Instant.parse("2026-10-24T23:30:00Z"), 4)).containsExactly(Instant.parse("2026-10-25T00:00:00Z"),
                Instant.parse("2026-10-25T01:00:00Z"), Instant.parse("2026-10-25T02:00:00Z"), Instant.parse("2026-10-25T03:00:00Z"));
        // a zone half an hour off UTC keeps its local minute
        assertThat(ScheduleTiming.hourly(15, "Asia/Kolkata", JANUARY).nextFires(Instant.parse("2026-01-01T00:00:00Z"), 1))
                .containsExactly(Instant.parse("2026-01-01T00:45:00Z"));
    }

    @Test
    void badExpressionsAndZonesAreRefusedWithTheReason() {
        assertThatThrownBy(() -> new ScheduleTiming("0 61 * * * ?", "UTC")).isInstanceOf(InvalidRequestException.class)
                .hasMessageContaining("Part 2 (minutes) at column 3 is 61");
        assertThatThrownBy(() -> new ScheduleTiming("0 0 6 * * ?", "Mars/Olympus")).isInstanceOf(InvalidRequestException.class)
                .hasMessageContaining("Mars/Olympus is not a time zone");
        assertThatThrownBy(() -> ScheduleTiming.monthlyOn(32, LocalTime.NOON, "UTC")).isInstanceOf(InvalidRequestException.class)
                .hasMessageContaining("between 1 and 31");
    }

    @Test
    void runsAreCountedAsQuartzFiresThemOnTheCalendarsDaysWithAFireAtTheStartCountedAndOneAtTheEndNot() {
        ScheduleTiming daily = ScheduleTiming.dailyAt(LocalTime.of(6, 0), "UTC");
        assertThat(daily.firesBetween(Instant.parse("2026-03-01T06:00:00Z"), Instant.parse("2026-03-11T06:00:00Z"), BusinessCalendar.NONE))
                .isEqualTo(10);
        // March 2026 in Lisbon: 22 weekdays, and the 01:30 run that does not exist on the 29th is not counted
        assertThat(ScheduleTiming.weekdaysAt(LocalTime.of(7, 0), "Europe/Lisbon").firesBetween(Instant.parse("2026-03-01T00:00:00Z"),
                Instant.parse("2026-04-01T00:00:00Z"), BusinessCalendar.NONE)).isEqualTo(22);
        assertThat(ScheduleTiming.dailyAt(LocalTime.of(1, 30), "Europe/Lisbon").firesBetween(Instant.parse("2026-03-01T00:00:00Z"),
                Instant.parse("2026-04-01T00:00:00Z"), BusinessCalendar.NONE)).isEqualTo(30);
        // Portuguese business days of April 2026: 22 weekdays without Good Friday (3rd) and Freedom Day (25th is a Saturday)
        assertThat(ScheduleTiming.dailyAt(LocalTime.of(7, 0), "Europe/Lisbon").firesBetween(Instant.parse("2026-04-01T00:00:00Z"),
                Instant.parse("2026-05-01T00:00:00Z"), BusinessCalendar.PORTUGAL)).isEqualTo(21);
        assertThat(daily.firesBetween(Instant.parse("2026-03-02T00:00:00Z"), Instant.parse("2026-03-01T00:00:00Z"), BusinessCalendar.NONE))
                .isZero();
    }
}
