package io.esteira.monitoring.ui;

import com.vaadin.flow.component.html.Span;
import io.esteira.monitoring.Granularity;
import io.esteira.monitoring.statistics.Verdict;
import java.text.DecimalFormat;
import java.text.DecimalFormatSymbols;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/** How the monitoring pages write times (UTC), counts, shares and verdicts. */
final class Figures {

    static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("d MMM yyyy HH:mm 'UTC'", Locale.UK).withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter MINUTE = DateTimeFormatter.ofPattern("HH:mm", Locale.UK).withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter HOUR = DateTimeFormatter.ofPattern("d MMM HH:mm", Locale.UK).withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("d MMM", Locale.UK).withZone(ZoneOffset.UTC);

    private Figures() {
    }

    static String count(long n) {
        return new DecimalFormat("#,##0", DecimalFormatSymbols.getInstance(Locale.UK)).format(n);
    }

    static String percent(Double share) {
        return share == null ? "–" : String.format(Locale.UK, "%.2f %%", share * 100);
    }

    static String decimal(Double v) {
        return v == null ? "–" : String.format(Locale.UK, "%.3f", v);
    }

    static String millis(Double v) {
        return v == null ? "–" : count(Math.round(v)) + " ms";
    }

    /** A bucket's start as an axis label: the time of day for minutes, date and time for hours, the date for days. */
    static String bucket(Granularity granularity, Instant at) {
        return switch (granularity) {
            case MINUTE -> MINUTE.format(at);
            case HOUR -> HOUR.format(at);
            case DAY -> DAY.format(at);
        };
    }

    /** For CSV files: ISO-8601 in UTC, or empty. */
    static String iso(Instant at) {
        return at == null ? "" : at.toString();
    }

    static String plain(Number v) {
        return v == null ? "" : v.toString();
    }

    static String verdict(Verdict v) {
        return switch (v) {
            case OK -> "No drift";
            case WARNING -> "Warning";
            case BREACH -> "Breach";
            case INSUFFICIENT_DATA -> "Insufficient data";
        };
    }

    static Span verdictBadge(Verdict v) {
        return badge(verdict(v), switch (v) {
            case OK -> "success";
            case WARNING -> "contrast";
            case BREACH -> "error";
            case INSUFFICIENT_DATA -> "";
        });
    }

    static Span badge(String text, String theme) {
        Span badge = new Span(text);
        badge.getElement().getThemeList().add(("badge " + theme).strip());
        return badge;
    }
}
