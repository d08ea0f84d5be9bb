package io.esteira.changes.ui;

import com.vaadin.flow.component.html.Span;
import io.esteira.changes.ChangeState;
import io.esteira.changes.ChangeType;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;

/** How change requests read on screen: states and types as badges, waiting in words (dates: Formats). */
final class ChangeLabels {

    private ChangeLabels() {
    }

    static String words(Enum<?> value) {
        if (value == null) {
            return "Any";
        }
        String text = value.name().toLowerCase(Locale.ROOT).replace('_', ' ');
        return Character.toUpperCase(text.charAt(0)) + text.substring(1);
    }

    static Span state(ChangeState state) {
        Span badge = new Span(words(state));
        badge.getElement().getThemeList().add("badge small " + switch (state) {
            case APPROVED, IMPLEMENTED, REVIEWED -> "success";
            case REJECTED, EXPIRED -> "error";
            case WITHDRAWN -> "contrast";
            case SUBMITTED, REVIEW_DUE -> "";
        });
        return badge;
    }

    static Span type(ChangeType type) {
        Span badge = new Span(words(type));
        badge.getElement().getThemeList().add("badge small " + switch (type) {
            case EMERGENCY -> "error primary";
            case NORMAL -> "";
            case STANDARD -> "success";
        });
        return badge;
    }

    /** "waiting 3 h", "waiting 12 min", "waiting 2 d". */
    static String waiting(Instant since, Instant now) {
        Duration d = Duration.between(since, now);
        if (d.toMinutes() < 1) {
            return "waiting < 1 min";
        }
        if (d.toHours() < 1) {
            return "waiting " + d.toMinutes() + " min";
        }
        if (d.toDays() < 2) {
            return "waiting " + d.toHours() + " h";
        }
        return "waiting " + d.toDays() + " d";
    }
}
