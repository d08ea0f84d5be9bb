package io.esteira.training.ui;

import com.vaadin.flow.component.html.Span;
import io.esteira.shared.Formats;
import java.util.Locale;

/** How retraining's screens say states and figures (dates: {@link Formats}). */
final class RetrainingWords {

    private RetrainingWords() {
    }

    static String number(Double d) {
        return Formats.decimal(d, 4);
    }

    static String ms(Double d) {
        return d == null ? Formats.NONE : Formats.decimal(d, 3) + " ms";
    }

    static String percent(Double d) {
        return Formats.percent(d);
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
