package io.esteira.shared;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.text.DecimalFormat;
import java.text.DecimalFormatSymbols;
import java.text.NumberFormat;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.Currency;
import java.util.Locale;

/**
 * The one way the portal writes dates, times, numbers, money and people for people to read (screens, notifications,
 * messages, the statement PDF), in British English:
 * <ul>
 * <li>a moment with its zone, to the minute: "7 Dec 2026, 14:05 UTC" (in another zone its short name: "15:05 CET");
 * to the second only where seconds matter (runs, logs): "7 Dec 2026, 14:05:09 UTC"; never fractions of a second;</li>
 * <li>a day "7 Dec 2026", a month "December 2026" ("Dec 2026" on chart axes), a day on a chart axis "7 Dec";</li>
 * <li>numbers with thousands separators: "1,234,567", "1,234.57" (fixed decimals) or "1,234.5" (at most so many),
 * "42.5%"; a duration "2 min 5 s";</li>
 * <li>money with its currency sign: "€1,234.50";</li>
 * <li>nothing (null) as "—".</li>
 * </ul>
 * CSV files are for machines: they keep ISO-8601 instants in UTC, to the second ({@link #iso}: "2026-12-07T14:05:09Z"),
 * and plain numbers. (The audit log's export is the exception: it keeps the stored microseconds its hash chain covers.)
 * <p>
 * It lives in {@code shared}, not {@code shared.ui}, because services write the same dates into alert messages, the
 * evidence of change requests and the statement PDF; the Vaadin side (a person's name with the user name on hover) is
 * {@code shared.ui.PersonName}.
 */
public final class Formats {

    /** What a missing value reads as. */
    public static final String NONE = "—";

    private static final Locale LOCALE = Locale.UK;
    private static final DateTimeFormatter DATE_TIME = DateTimeFormatter.ofPattern("d MMM yyyy, HH:mm", LOCALE);
    private static final DateTimeFormatter WEEKDAY_DATE_TIME = DateTimeFormatter.ofPattern("EEE d MMM yyyy, HH:mm", LOCALE);
    private static final DateTimeFormatter DATE_TIME_SECONDS = DateTimeFormatter.ofPattern("d MMM yyyy, HH:mm:ss", LOCALE);
    private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("d MMM yyyy", LOCALE);
    private static final DateTimeFormatter DAY_MONTH = DateTimeFormatter.ofPattern("d MMM", LOCALE);
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm", LOCALE);
    private static final DateTimeFormatter MONTH = DateTimeFormatter.ofPattern("MMMM yyyy", LOCALE);
    private static final DateTimeFormatter SHORT_MONTH = DateTimeFormatter.ofPattern("MMM yyyy", LOCALE);
    private static final DateTimeFormatter ZONE = DateTimeFormatter.ofPattern("z", LOCALE);

    private Formats() {
    }

    /** "7 Dec 2026, 14:05 UTC". */
    public static String dateTime(Instant at) {
        return dateTime(at, ZoneOffset.UTC);
    }

    /** "7 Dec 2026, 15:05 CET": in the given zone (a browser's, a schedule's), with the zone's short name. */
    public static String dateTime(Instant at, ZoneId zone) {
        return at == null ? NONE : DATE_TIME.format(at.atZone(zone)) + " " + zone(at, zone);
    }

    /** "Mon 7 Dec 2026, 15:05 CET": when the day of the week matters (a schedule's next runs). */
    public static String weekdayDateTime(Instant at, ZoneId zone) {
        return at == null ? NONE : WEEKDAY_DATE_TIME.format(at.atZone(zone)) + " " + zone(at, zone);
    }

    /** "7 Dec 2026, 14:05:09 UTC": for runs and logs, where seconds matter. */
    public static String dateTimeWithSeconds(Instant at) {
        return dateTimeWithSeconds(at, ZoneOffset.UTC);
    }

    public static String dateTimeWithSeconds(Instant at, ZoneId zone) {
        return at == null ? NONE : DATE_TIME_SECONDS.format(at.atZone(zone)) + " " + zone(at, zone);
    }

    /** "7 Dec 2026": the day in UTC. */
    public static String date(Instant at) {
        return at == null ? NONE : DATE.format(at.atZone(ZoneOffset.UTC));
    }

    public static String date(LocalDate day) {
        return day == null ? NONE : DATE.format(day);
    }

    /** "7 Dec": a day on a chart's axis (the chart says the year and the zone). */
    public static String dayMonth(LocalDate day) {
        return day == null ? NONE : DAY_MONTH.format(day);
    }

    /** "7 Dec": the day in UTC, on a chart's axis. */
    public static String dayMonth(Instant at) {
        return at == null ? NONE : DAY_MONTH.format(at.atZone(ZoneOffset.UTC));
    }

    /** "14:05": the time of day in UTC, on a chart's axis. */
    public static String time(Instant at) {
        return at == null ? NONE : TIME.format(at.atZone(ZoneOffset.UTC));
    }

    /** "December 2026". */
    public static String month(YearMonth month) {
        return month == null ? NONE : MONTH.format(month);
    }

    /** "Dec 2026": a month on a chart's axis. */
    public static String shortMonth(YearMonth month) {
        return month == null ? NONE : SHORT_MONTH.format(month);
    }

    /** For CSV files: "2026-12-07T14:05:09Z" (ISO-8601, UTC, to the second), empty for nothing. */
    public static String iso(Instant at) {
        return at == null ? "" : at.truncatedTo(ChronoUnit.SECONDS).toString();
    }

    /** "1,234,567". */
    public static String count(long n) {
        return decimalFormat("#,##0").format(n);
    }

    public static String count(Long n) {
        return n == null ? NONE : count(n.longValue());
    }

    /** "1,234.57" with exactly {@code digits} decimals. */
    public static String decimal(double v, int digits) {
        return decimalFormat(digits == 0 ? "#,##0" : "#,##0." + "0".repeat(digits)).format(v);
    }

    public static String decimal(Double v, int digits) {
        return v == null ? NONE : decimal(v.doubleValue(), digits);
    }

    /** "1,234.5": at most {@code maxDigits} decimals, without trailing zeros (statistics, metrics, bounds). */
    public static String number(double v, int maxDigits) {
        return decimalFormat(maxDigits == 0 ? "#,##0" : "#,##0." + "#".repeat(maxDigits)).format(v);
    }

    public static String number(Double v, int maxDigits) {
        return v == null ? NONE : number(v.doubleValue(), maxDigits);
    }

    /** A share of a whole as a percentage with at most one decimal: 0.425 → "42.5%", 1 → "100%". */
    public static String percent(Double share) {
        return percent(share, 1);
    }

    /** As {@link #percent(Double)} with at most {@code digits} decimals (small shares: 0.00012 → "0.012%" with 3). */
    public static String percent(Double share, int digits) {
        return share == null ? NONE : decimalFormat(digits == 0 ? "#,##0" : "#,##0." + "#".repeat(digits)).format(share * 100) + "%";
    }

    /** "737 ms", "48 s", "2 min 5 s", "3 h 5 min", "2 d 3 h"; negative reads as nothing: "0 ms". */
    public static String duration(Duration d) {
        if (d == null) {
            return NONE;
        }
        if (d.isNegative()) {
            d = Duration.ZERO;
        }
        long seconds = d.toSeconds();
        if (seconds < 1) {
            return d.toMillis() + " ms";
        }
        if (seconds < 60) {
            return seconds + " s";
        }
        if (seconds < 3600) {
            return d.toMinutes() + " min" + (seconds % 60 == 0 ? "" : " " + seconds % 60 + " s");
        }
        if (d.toHours() < 48) {
            long minutes = d.toMinutes();
            return d.toHours() + " h" + (minutes % 60 == 0 ? "" : " " + minutes % 60 + " min");
        }
        return d.toDays() + " d" + (d.toHours() % 24 == 0 ? "" : " " + d.toHours() % 24 + " h");
    }

    /** "€1,234.50". */
    public static String money(Money money) {
        return money == null ? NONE : money(money.amount(), money.currency());
    }

    /**
     * Money in the currency: to the cent from a cent up; below a cent to four decimals so that a short run does not read
     * as nothing ("€0.0083"), "under €0.0001" below that, and "€0.00" only for exactly nothing.
     */
    public static String money(BigDecimal amount, Currency currency) {
        if (amount == null || currency == null) {
            return NONE;
        }
        NumberFormat f = NumberFormat.getCurrencyInstance(LOCALE);
        f.setCurrency(currency);
        int minor = Math.max(currency.getDefaultFractionDigits(), 0);
        if (minor > 0 && amount.signum() != 0 && amount.abs().compareTo(BigDecimal.ONE.movePointLeft(minor)) < 0) {
            f.setMinimumFractionDigits(minor + 2);
            f.setMaximumFractionDigits(minor + 2);
            BigDecimal shown = amount.setScale(minor + 2, RoundingMode.HALF_EVEN);
            return shown.signum() == 0 ? "under " + f.format(BigDecimal.ONE.movePointLeft(minor + 2)) : f.format(shown);
        }
        f.setMinimumFractionDigits(minor);
        f.setMaximumFractionDigits(minor);
        return f.format(amount.setScale(minor, RoundingMode.HALF_EVEN));
    }

    /** "1,234.50": an amount without its currency, where the column or the title names the currency. */
    public static String amount(BigDecimal amount) {
        return amount == null ? NONE : decimalFormat("#,##0.00").format(amount);
    }

    /** A person as people know them: the display name, or the user name when there is none. */
    public static String person(String displayName, String username) {
        if (displayName != null && !displayName.isBlank()) {
            return displayName.strip();
        }
        return username == null || username.isBlank() ? NONE : username;
    }

    private static String zone(Instant at, ZoneId zone) {
        return zone.normalized().equals(ZoneOffset.UTC) ? "UTC" : ZONE.format(ZonedDateTime.ofInstant(at, zone));
    }

    private static DecimalFormat decimalFormat(String pattern) {
        DecimalFormat f = new DecimalFormat(pattern, DecimalFormatSymbols.getInstance(LOCALE));
        f.setRoundingMode(RoundingMode.HALF_UP);
        return f;
    }
}
