package io.esteira.costs;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Hours to rate again. An interval opened or closed with a time in an hour before the current one
 * may change lines already rated; the writer appends a row (no shared row to contend on) in its own
 * transaction, and the rating job takes the earliest and deletes what it read.
 */
@Component
class RatingDue {

    private final JdbcTemplate jdbc;
    private final Clock clock;

    RatingDue(JdbcTemplate jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    void markIfPast(Instant at) {
        Instant hour = RateCard.hourOf(at);
        if (hour.isBefore(RateCard.hourOf(clock.instant()))) {
            mark(hour);
        }
    }

    void mark(Instant hour) {
        jdbc.update("insert into cost_due (id, from_hour) values (?, ?)", UUID.randomUUID(), Timestamp.from(RateCard.hourOf(hour)));
    }

    record Taken(Instant earliest, List<UUID> ids) {
    }

    Taken peek() {
        List<Object[]> rows = jdbc.query("select id, from_hour from cost_due", (rs, i) -> new Object[] {rs.getObject(1, UUID.class),
                rs.getTimestamp(2).toInstant()});
        Instant earliest = rows.stream().map(r -> (Instant) r[1]).min(Instant::compareTo).orElse(null);
        return new Taken(earliest, rows.stream().map(r -> (UUID) r[0]).toList());
    }

    /** The marks of hours in {@code [from, to)}, e.g. to drop those that a rating of the whole range has just covered. */
    List<UUID> within(Instant from, Instant to) {
        return jdbc.query("select id from cost_due where from_hour >= ? and from_hour < ?", (rs, i) -> rs.getObject(1, UUID.class),
                Timestamp.from(from), Timestamp.from(to));
    }

    void done(List<UUID> ids) {
        for (int i = 0; i < ids.size(); i += 500) {
            List<UUID> chunk = ids.subList(i, Math.min(ids.size(), i + 500));
            jdbc.update("delete from cost_due where id in (" + String.join(",", java.util.Collections.nCopies(chunk.size(), "?")) + ")",
                    chunk.toArray());
        }
    }
}
