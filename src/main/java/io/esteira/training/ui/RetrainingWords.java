package io.esteira.training.ui;

import com.vaadin.flow.component.html.Span;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/** How retraining's screens say states, times and figures. */
final class RetrainingWords {

    static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("d MMM yyyy HH:mm 'UTC'", Locale.UK).withZone(ZoneOffset.UTC);
    static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("d MMM yyyy", Locale.UK).withZone(ZoneOffset.UTC);

    private RetrainingWords() {
    }

    static String when(Instant at) {
        return at == null ? "—" : WHEN.format(at);
    }

    static String day(Instant at) {
        return at == null ? "—" : DAY.format(at);
    }

    static String number(Double d) {
        return d == null ? "—" : String.format(Locale.ROOT, "%.4f", d);
    }

    static String ms(Double d) {
        return d == null ? "—" : String.format(Locale.ROOT, "%.3f ms", d);
    }

    static String percent(Double d) {
        return d == null ? "—" : String.format(Locale.ROOT, "%.0f %%", d * 100);
    }

    /** A recommendation's state in words. */
    static String state(String state) {
        return switch (state) {
            case "OPEN" -> "waiting for a decision";
            case "DECLINED" -> "declined";
            case "TRAINING" -> "training";
            case "TRAINED" -> "challenger ready";
            case "FAILED" -> "run failed";
            case "PROMOTING" -> "promotion requested";
            case "PROMOTED" -> "promoted: champion";
            default -> state.toLowerCase(Locale.ROOT);
        };
    }

    static Span badge(String state) {
        Span badge = new Span(state(state));
        String theme = switch (state) {
            case "OPEN" -> "badge primary small";
            case "TRAINED", "PROMOTING", "PROMOTED" -> "badge success small";
            case "FAILED" -> "badge error small";
            case "DECLINED" -> "badge contrast small";
            default -> "badge small";
        };
        badge.getElement().getThemeList().add(theme);
        badge.getElement().setAttribute("data-state", state);
        return badge;
    }
}
