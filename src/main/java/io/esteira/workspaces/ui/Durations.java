package io.esteira.workspaces.ui;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/** Short, human durations for grids: "45 s", "12 min", "3 h 5 min", "4 d 2 h". */
final class Durations {

    private Durations() {
    }

    static String since(Instant then, Clock clock) {
        return then == null ? "" : human(Duration.between(then, clock.instant()));
    }

    static String human(Duration d) {
        if (d.isNegative()) {
            d = Duration.ZERO;
        }
        long minutes = d.toMinutes();
        if (minutes < 1) {
            return d.toSeconds() + " s";
        }
        if (minutes < 60) {
            return minutes + " min";
        }
        if (d.toHours() < 24) {
            return d.toHours() + " h" + (minutes % 60 == 0 ? "" : " " + minutes % 60 + " min");
        }
        return d.toDays() + " d" + (d.toHours() % 24 == 0 ? "" : " " + d.toHours() % 24 + " h");
    }
}
