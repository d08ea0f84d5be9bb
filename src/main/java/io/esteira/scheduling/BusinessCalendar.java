package io.esteira.scheduling;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.MonthDay;
import java.util.Set;

/**
 * Days on which a schedule runs, on top of its cron expression: every day, or the business days
 * of a calendar (Monday to Friday without its holidays), judged by the date in the schedule's zone.
 * Holidays follow their rules (Easter included), so the calendar is right in any year.
 */
public enum BusinessCalendar {

    NONE("Every day the schedule names"),
    /** The euro area's settlement calendar: TARGET2 is closed on these days (ECB). */
    TARGET2("TARGET2 business days (euro-area settlement)"),
    /** Portugal's national public holidays (Código do Trabalho, art. 234). */
    PORTUGAL("Portuguese business days");

    private static final Set<MonthDay> TARGET2_FIXED = Set.of(MonthDay.of(1, 1), MonthDay.of(5, 1), MonthDay.of(12, 25),
            MonthDay.of(12, 26));
    private static final Set<MonthDay> PORTUGAL_FIXED = Set.of(MonthDay.of(1, 1), MonthDay.of(4, 25), MonthDay.of(5, 1),
            MonthDay.of(6, 10), MonthDay.of(8, 15), MonthDay.of(10, 5), MonthDay.of(11, 1), MonthDay.of(12, 1), MonthDay.of(12, 8),
            MonthDay.of(12, 25));

    private final String label;

    BusinessCalendar(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }

    /** Whether the schedule may run on this (local) day. */
    public boolean includes(LocalDate day) {
        if (this == NONE) {
            return true;
        }
        if (day.getDayOfWeek() == DayOfWeek.SATURDAY || day.getDayOfWeek() == DayOfWeek.SUNDAY) {
            return false;
        }
        return !holiday(day);
    }

    boolean holiday(LocalDate day) {
        LocalDate easter = easterSunday(day.getYear());
        MonthDay monthDay = MonthDay.from(day);
        return switch (this) {
            case NONE -> false;
            case TARGET2 -> TARGET2_FIXED.contains(monthDay) || day.equals(easter.minusDays(2)) || day.equals(easter.plusDays(1));
            case PORTUGAL -> PORTUGAL_FIXED.contains(monthDay) || day.equals(easter.minusDays(2)) || day.equals(easter)
                    || day.equals(easter.plusDays(60)); // Good Friday, Easter, Corpus Christi
        };
    }

    /** Gregorian Easter Sunday (the anonymous algorithm of Meeus/Jones/Butcher). */
    static LocalDate easterSunday(int year) {
        int a = year % 19;
        int b = year / 100;
        int c = year % 100;
        int d = b / 4;
        int e = b % 4;
        int f = (b + 8) / 25;
        int g = (b - f + 1) / 3;
        int h = (19 * a + b - d - g + 15) % 30;
        int i = c / 4;
        int k = c % 4;
        int l = (32 + 2 * e + 2 * i - h - k) % 7;
        int m = (a + 11 * h + 22 * l) / 451;
        int month = (h + l - 7 * m + 114) / 31;
        int dayOfMonth = (h + l - 7 * m + 114) % 31 + 1;
        return LocalDate.of(year, month, dayOfMonth);
    }
}
