package io.esteira.deployments.predictions;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * The prediction log's daily partitions on PostgreSQL (made by migration V23_1; H2 has none): a
 * partition per day (UTC) of {@code created_at}, named {@code prediction_log_pYYYYMMDD}, made
 * {@code esteira.prediction-log.partitions-ahead} days ahead; a day whose every call is older than the
 * longest retention of any release (or the default) is dropped whole, which costs nothing like
 * deleting its rows. Shorter retentions of single releases are applied row by row by
 * {@link PredictionLogRetention} inside the days that stay. The partition with the calls from before
 * partitioning ({@code prediction_log_before_partitions}, up to the day after the migration) is dropped
 * the same way once its upper bound is older than the longest retention. Run by
 * {@link io.esteira.deployments.PredictionLogRetentionJob} before the row deletes.
 */
@Component
public class PredictionLogPartitions {

    static final String PREFIX = "prediction_log_p";
    private static final String BEFORE = "prediction_log_before_partitions";
    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("yyyyMMdd");
    private static final Logger log = LoggerFactory.getLogger(PredictionLogPartitions.class);

    /** What one maintenance did. */
    record Maintenance(List<String> created, List<String> dropped) {
    }

    private final JdbcTemplate jdbc;
    private final Clock clock;
    private final Duration retention;
    private final int ahead;
    private volatile Boolean partitioned;

    PredictionLogPartitions(JdbcTemplate jdbc, Clock clock, @Value("${esteira.prediction-log.retention:P90D}") Duration retention,
            @Value("${esteira.prediction-log.partitions-ahead:7}") int ahead) {
        this.jdbc = jdbc;
        this.clock = clock;
        this.retention = retention;
        this.ahead = Math.max(1, ahead);
    }

    /** Whether the log is partitioned here (PostgreSQL after V23_1). */
    boolean partitioned() {
        Boolean p = partitioned;
        if (p == null) {
            String product = jdbc.execute((Connection c) -> {
                try {
                    return c.getMetaData().getDatabaseProductName();
                } catch (SQLException e) {
                    throw new IllegalStateException(e);
                }
            });
            p = "PostgreSQL".equalsIgnoreCase(product) && Boolean.TRUE.equals(jdbc.queryForObject(
                    "select exists (select 1 from pg_partitioned_table where partrelid = to_regclass('prediction_log'))", Boolean.class));
            partitioned = p;
        }
        return p;
    }

    /** Makes the partitions of today and the next days, drops the days older than the longest retention. */
    public Maintenance maintain() {
        if (!partitioned()) {
            return new Maintenance(List.of(), List.of());
        }
        LocalDate today = LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC);
        List<String> existing = partitions();
        List<String> created = new ArrayList<>();
        for (int i = 0; i <= ahead; i++) {
            LocalDate day = today.plusDays(i);
            String name = PREFIX + DAY.format(day);
            if (existing.contains(name)) {
                continue;
            }
            try {
                jdbc.execute("create table " + name + " partition of prediction_log for values from ('" + day + "T00:00:00Z') to ('"
                        + day.plusDays(1) + "T00:00:00Z')");
                created.add(name);
            } catch (DataAccessException e) {
                // the day lies in the partition from before partitioning, or the default partition has rows of it already
                log.debug("No partition {} made: {}", name, e.getMessage());
            }
        }
        Integer longestDays = jdbc.queryForObject("select max(log_retention_days) from deployment", Integer.class);
        Duration longest = longestDays == null || Duration.ofDays(longestDays).compareTo(retention) < 0 ? retention : Duration.ofDays(longestDays);
        LocalDate firstKept = LocalDate.ofInstant(clock.instant().minus(longest), ZoneOffset.UTC); // the day holding the cutoff stays
        List<String> dropped = new ArrayList<>();
        for (String name : existing) {
            if (name.startsWith(PREFIX) && name.length() == PREFIX.length() + 8) {
                LocalDate day;
                try {
                    day = LocalDate.parse(name.substring(PREFIX.length()), DAY);
                } catch (java.time.format.DateTimeParseException e) {
                    continue;
                }
                if (day.isBefore(firstKept)) {
                    jdbc.execute("drop table " + name);
                    dropped.add(name);
                }
            } else if (name.equals(BEFORE)) {
                java.sql.Timestamp upper = jdbc.queryForObject("select (regexp_match(pg_get_expr(c.relpartbound, c.oid), 'TO \\(''([^'']+)''\\)'))[1]"
                        + "::timestamptz from pg_class c where c.relname = ?", java.sql.Timestamp.class, BEFORE);
                if (upper != null && !upper.toInstant().isAfter(firstKept.atStartOfDay(ZoneOffset.UTC).toInstant())) {
                    jdbc.execute("drop table " + BEFORE);
                    dropped.add(name);
                }
            }
        }
        if (!created.isEmpty() || !dropped.isEmpty()) {
            log.info("Prediction log partitions: made {}, dropped {} (older than {} days)", created, dropped, longest.toDays());
        }
        return new Maintenance(created, dropped);
    }

    /** The partitions of the log, by name. */
    List<String> partitions() {
        return jdbc.queryForList("select c.relname from pg_inherits i join pg_class c on c.oid = i.inhrelid "
                + "where i.inhparent = 'prediction_log'::regclass order by c.relname", String.class);
    }
}
