package io.esteira.scheduling;

import com.cronutils.descriptor.CronDescriptor;
import com.cronutils.model.CronType;
import com.cronutils.model.definition.CronDefinitionBuilder;
import com.cronutils.parser.CronParser;
import io.esteira.shared.InvalidRequestException;
import java.text.ParseException;
import java.time.DayOfWeek;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Locale;
import java.util.TimeZone;
import org.quartz.CronExpression;

/**
 * When a schedule fires: a Quartz cron expression in a time zone. The next fire times come from
 * Quartz itself, so the preview is what will really happen, daylight-saving changes included; the
 * words come from cron-utils.
 *
 * @param cron a Quartz cron expression (seconds minutes hours day-of-month month day-of-week)
 * @param zone an IANA time zone, e.g. Europe/Lisbon
 */
public record ScheduleTiming(String cron, String zone) {

    private static final CronParser QUARTZ = new CronParser(CronDefinitionBuilder.instanceDefinitionFor(CronType.QUARTZ));

    /** @throws InvalidRequestException naming the field that is wrong, in words ({@link io.esteira.shared.errors.CronErrors}) */
    public ScheduleTiming {
        if (cron == null || cron.isBlank()) {
            throw new InvalidRequestException("cron", "Give a schedule: a preset or a Quartz cron expression");
        }
        cron = cron.strip().replaceAll("\\s+", " ");
        try {
            ZoneId.of(zone == null ? "" : zone);
        } catch (DateTimeException e) {
            throw new InvalidRequestException("zone", (zone == null || zone.isBlank() ? "A time zone" : zone)
                    + " is not a time zone; use a name like Europe/Lisbon");
        }
        io.esteira.shared.errors.CronErrors.check("cron", cron).ifPresent(e -> {
            throw e;
        });
    }

    /**
     * Every hour at a minute. Kept in UTC (the minute shifted by the zone's offset), because a cron
     * in a zone with daylight saving skips an hour when the clocks go back; in UTC every real hour fires.
     * The zone's standard offset is the one in force at {@code now}.
     */
    public static ScheduleTiming hourly(int minute, String zone, Instant now) {
        check(minute, 0, 59, "minute");
        int offsetMinutes;
        try {
            offsetMinutes = ZoneId.of(zone).getRules().getStandardOffset(now).getTotalSeconds() / 60;
        } catch (DateTimeException | NullPointerException e) {
            throw new InvalidRequestException("zone", zone + " is not a time zone; use a name like Europe/Lisbon");
        }
        return new ScheduleTiming("0 " + Math.floorMod(minute - offsetMinutes, 60) + " * * * ?", "UTC");
    }

    public static ScheduleTiming dailyAt(LocalTime time, String zone) {
        return new ScheduleTiming("0 " + time.getMinute() + " " + time.getHour() + " * * ?", zone);
    }

    public static ScheduleTiming weekdaysAt(LocalTime time, String zone) {
        return new ScheduleTiming("0 " + time.getMinute() + " " + time.getHour() + " ? * MON-FRI", zone);
    }

    /** @param day the day of the month, 1 to 31, or 0 for its last day */
    public static ScheduleTiming monthlyOn(int day, LocalTime time, String zone) {
        String dayOfMonth = day == 0 ? "L" : String.valueOf(check(day, 1, 31, "day of the month"));
        return new ScheduleTiming("0 " + time.getMinute() + " " + time.getHour() + " " + dayOfMonth + " * ?", zone);
    }

    public static ScheduleTiming weeklyOn(DayOfWeek day, LocalTime time, String zone) {
        return new ScheduleTiming("0 " + time.getMinute() + " " + time.getHour() + " ? * "
                + day.name().substring(0, 3), zone);
    }

    /** The schedule in words, e.g. "every day at 06:30 (Europe/Lisbon)". */
    public String inWords() {
        return plainWords().orElseGet(() -> CronDescriptor.instance(Locale.UK).describe(QUARTZ.parse(cron))) + " (" + zone + ")";
    }

    private static final java.util.regex.Pattern AT_A_TIME = java.util.regex.Pattern.compile(
            "0 (\\d{1,2}) (\\d{1,2}) (\\?|\\*|L|\\d{1,2}) \\* (\\?|\\*|[A-Z]{3}(?:-[A-Z]{3}|(?:,[A-Z]{3})*))");
    private static final List<String> DAYS = List.of("MON", "TUE", "WED", "THU", "FRI", "SAT", "SUN");

    /**
     * The forms people pick (at a time every day, on some weekdays, on a day of the month) said as people say them;
     * cron-utils says them as "at 06:00 at Monday day".
     */
    private java.util.Optional<String> plainWords() {
        java.util.regex.Matcher m = AT_A_TIME.matcher(cron.strip().toUpperCase(Locale.ROOT));
        if (!m.matches()) {
            return java.util.Optional.empty();
        }
        String time = "%02d:%02d".formatted(Integer.parseInt(m.group(2)), Integer.parseInt(m.group(1)));
        String dayOfMonth = m.group(3);
        String dayOfWeek = m.group(4);
        boolean anyDayOfWeek = dayOfWeek.equals("?") || dayOfWeek.equals("*");
        boolean anyDayOfMonth = dayOfMonth.equals("?") || dayOfMonth.equals("*");
        if (anyDayOfMonth && anyDayOfWeek) {
            return java.util.Optional.of("every day at " + time);
        }
        if (anyDayOfWeek) {
            return java.util.Optional.of((dayOfMonth.equals("L") ? "on the last day" : "on day " + Integer.parseInt(dayOfMonth))
                    + " of every month at " + time);
        }
        if (!anyDayOfMonth || !DAYS.containsAll(List.of(dayOfWeek.split("[-,]")))) {
            return java.util.Optional.empty();
        }
        if (dayOfWeek.contains("-")) {
            String[] range = dayOfWeek.split("-");
            return java.util.Optional.of(dayName(range[0]) + " to " + dayName(range[1]) + " at " + time);
        }
        List<String> days = java.util.Arrays.stream(dayOfWeek.split(",")).map(ScheduleTiming::dayName).toList();
        String listed = days.size() == 1 ? days.getFirst()
                : String.join(", ", days.subList(0, days.size() - 1)) + " and " + days.getLast();
        return java.util.Optional.of("every " + listed + " at " + time);
    }

    private static String dayName(String threeLetters) {
        DayOfWeek day = DayOfWeek.values()[DAYS.indexOf(threeLetters)];
        return day.getDisplayName(java.time.format.TextStyle.FULL, Locale.UK);
    }

    /** The next {@code count} fire times after {@code after}, as Quartz computes them in the zone. */
    public List<Instant> nextFires(Instant after, int count) {
        return nextFires(after, count, BusinessCalendar.NONE);
    }

    /** The next {@code count} fire times after {@code after} on the calendar's days (their dates in the zone). */
    public List<Instant> nextFires(Instant after, int count, BusinessCalendar calendar) {
        CronExpression expression = expression();
        List<Instant> fires = new ArrayList<>(count);
        Date next = Date.from(after);
        int looked = 0;
        while (fires.size() < count && looked++ < count + 5_000 && (next = expression.getNextValidTimeAfter(next)) != null) {
            if (calendar.includes(next.toInstant().atZone(zoneId()).toLocalDate())) {
                fires.add(next.toInstant());
            }
        }
        return fires;
    }

    /** The most fires {@link #firesBetween} counts: a month of fires every minute, with room to spare. */
    static final int MAX_COUNTED = 100_000;

    /** How many times it fires in {@code [from, to)} on the calendar's days, as Quartz computes them in the zone. */
    public int firesBetween(Instant from, Instant to, BusinessCalendar calendar) {
        CronExpression expression = expression();
        int fires = 0;
        // getNextValidTimeAfter is strictly after: start a millisecond before so that a fire at {@code from} counts
        Date next = Date.from(from.minusMillis(1));
        while (fires < MAX_COUNTED && (next = expression.getNextValidTimeAfter(next)) != null && next.toInstant().isBefore(to)) {
            if (calendar.includes(next.toInstant().atZone(zoneId()).toLocalDate())) {
                fires++;
            }
        }
        return fires;
    }

    /**
     * Days in the coming year on which a fixed local time does not exist or happens twice in the
     * zone: Quartz skips the run on the first and fires once on the second. Shown with the preview.
     */
    public List<String> daylightSavingNotes(Instant from) {
        String[] fields = cron.split(" ");
        if (!fields[1].matches("\\d+") || !fields[2].matches("\\d+")) {
            return List.of();
        }
        LocalTime time = LocalTime.of(Integer.parseInt(fields[2]), Integer.parseInt(fields[1]));
        List<String> notes = new ArrayList<>();
        java.time.zone.ZoneOffsetTransition transition = zoneId().getRules().nextTransition(from);
        Instant until = from.plus(java.time.Duration.ofDays(366));
        while (transition != null && transition.getInstant().isBefore(until)) {
            LocalTime start = transition.getDateTimeBefore().toLocalTime();
            LocalTime end = transition.getDateTimeAfter().toLocalTime();
            java.time.LocalDate day = transition.getDateTimeBefore().toLocalDate();
            if (transition.isGap() && !time.isBefore(start) && time.isBefore(end)) {
                notes.add(time + " does not exist on " + day + " in " + zone + ": that day's run is skipped");
            } else if (transition.isOverlap() && !time.isBefore(end) && time.isBefore(start)) {
                notes.add(time + " happens twice on " + day + " in " + zone + ": the schedule fires once");
            }
            transition = zoneId().getRules().nextTransition(transition.getInstant());
        }
        return notes;
    }

    public ZoneId zoneId() {
        return ZoneId.of(zone);
    }

    CronExpression expression() {
        try {
            CronExpression expression = new CronExpression(cron);
            expression.setTimeZone(TimeZone.getTimeZone(zoneId()));
            return expression;
        } catch (ParseException e) {
            throw new IllegalStateException(e); // checked in the constructor
        }
    }

    private static int check(int value, int min, int max, String what) {
        if (value < min || value > max) {
            throw new InvalidRequestException("cron", "The " + what + " must be between " + min + " and " + max + "; it is " + value);
        }
        return value;
    }
}
