package io.esteira.deployments.predictions;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.UUID;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;

/** Retention deletes each release's calls older than its own retention or the default, in bounded batches, and nothing younger. */
class PredictionLogRetentionTest {

    private static final Instant NOW = Instant.parse("2026-12-06T12:00:00Z");

    @Test
    void calls_older_than_their_release_retention_are_deleted_in_batches() {
        JdbcDataSource db = new JdbcDataSource();
        db.setURL("jdbc:h2:mem:retention-" + UUID.randomUUID() + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DB_CLOSE_DELAY=-1");
        JdbcTemplate jdbc = new JdbcTemplate(db);
        jdbc.execute("create table deployment (id uuid primary key, log_retention_days integer)");
        jdbc.execute("create table prediction_log (id uuid primary key, deployment_id uuid not null references deployment (id), "
                + "created_at timestamp with time zone not null)");
        UUID byDefault = UUID.randomUUID();
        UUID week = UUID.randomUUID();
        UUID quiet = UUID.randomUUID();
        jdbc.update("insert into deployment values (?, null)", byDefault);
        jdbc.update("insert into deployment values (?, 7)", week);
        jdbc.update("insert into deployment values (?, null)", quiet);
        for (int day = 0; day < 120; day++) { // one call a day for 120 days, two an hour apart on the boundaries
            Instant at = NOW.minus(Duration.ofDays(day)).minusSeconds(60);
            jdbc.update("insert into prediction_log values (?, ?, ?)", UUID.randomUUID(), byDefault, Timestamp.from(at));
            jdbc.update("insert into prediction_log values (?, ?, ?)", UUID.randomUUID(), week, Timestamp.from(at));
        }
        PredictionLogRetention retention = new PredictionLogRetention(jdbc, Clock.fixed(NOW, ZoneOffset.UTC), Duration.ofDays(90), 7, 1_000_000, Duration.ofDays(1), null, null, null);

        long deleted = retention.purge();

        // days 0..89 are younger than 90 days (each call a minute before a whole day back); 90..119 are older
        assertThat(count(jdbc, byDefault)).isEqualTo(90);
        assertThat(count(jdbc, week)).isEqualTo(7);
        assertThat(deleted).isEqualTo(30 + 113);
        assertThat(jdbc.queryForObject("select min(created_at) from prediction_log where deployment_id = ?", Timestamp.class, week).toInstant())
                .isAfter(NOW.minus(Duration.ofDays(7)));
        assertThat(retention.purge()).as("nothing more to delete").isZero();
    }

    @Test
    void a_run_stops_after_its_bound_and_the_next_run_goes_on() {
        JdbcDataSource db = new JdbcDataSource();
        db.setURL("jdbc:h2:mem:retention-" + UUID.randomUUID() + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DB_CLOSE_DELAY=-1");
        JdbcTemplate jdbc = new JdbcTemplate(db);
        jdbc.execute("create table deployment (id uuid primary key, log_retention_days integer)");
        jdbc.execute("create table prediction_log (id uuid primary key, deployment_id uuid not null, created_at timestamp with time zone not null)");
        UUID release = UUID.randomUUID();
        jdbc.update("insert into deployment values (?, 1)", release);
        for (int i = 0; i < 50; i++) {
            jdbc.update("insert into prediction_log values (?, ?, ?)", UUID.randomUUID(), release, Timestamp.from(NOW.minus(Duration.ofDays(2))));
        }
        PredictionLogRetention retention = new PredictionLogRetention(jdbc, Clock.fixed(NOW, ZoneOffset.UTC), Duration.ofDays(90), 10, 20, Duration.ofDays(1), null, null, null);
        assertThat(retention.purge()).isEqualTo(20);
        assertThat(retention.purge()).isEqualTo(20);
        assertThat(retention.purge()).isEqualTo(10);
        assertThat(count(jdbc, release)).isZero();
    }

    private static long count(JdbcTemplate jdbc, UUID deployment) {
        return jdbc.queryForObject("select count(*) from prediction_log where deployment_id = ?", Long.class, deployment);
    }
}
