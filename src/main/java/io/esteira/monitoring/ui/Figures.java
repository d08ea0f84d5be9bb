package io.esteira.monitoring.ui;

import com.vaadin.flow.component.html.Span;
import io.esteira.monitoring.Granularity;
import io.esteira.monitoring.statistics.Verdict;
import io.esteira.shared.Formats;
import java.time.Instant;

/** How the monitoring pages write chart buckets, latencies and verdicts (dates and numbers: {@link Formats}). */
final class Figures {

    private Figures() {
    }

    static String millis(Double v) {
        return v == null ? Formats.NONE : Formats.count(Math.round(v)) + " ms";
    }

    /** A bucket's start as an axis label (UTC): the time of day for minutes, day and time for hours, the day for days. */
    static String bucket(Granularity granularity, Instant at) {
        return switch (granularity) {
            case MINUTE -> Formats.time(at);
            case HOUR -> Formats.dayMonth(at) + " " + Formats.time(at);
            case DAY -> Formats.dayMonth(at);
        };
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
