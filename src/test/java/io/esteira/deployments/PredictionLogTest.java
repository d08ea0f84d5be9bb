package io.esteira.deployments;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;

/** The prediction log's writer keeps a batch the database refused and writes it, once, when it can. */
class PredictionLogTest {

    @Test
    void a_batch_refused_while_the_table_is_unavailable_is_written_once_afterwards() {
        JdbcDataSource db = new JdbcDataSource();
        db.setURL("jdbc:h2:mem:prediction-log-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
        JdbcTemplate jdbc = new JdbcTemplate(db);
        PredictionLog log = new PredictionLog(jdbc, new DataSourceTransactionManager(db), "node-a");
        try {
            for (int i = 0; i < 3; i++) {
                log.record(entry());
            }
            assertThatThrownBy(log::flush).as("no table yet: the database refuses the batch");
            jdbc.execute("create table prediction_log (id uuid primary key, request_id uuid, deployment_id uuid, area_id uuid, "
                    + "model_version_id uuid, model_version_number integer, channel varchar(8), row_count integer, inputs varchar(100000), "
                    + "outputs varchar(100000), outcome varchar(12), error varchar(2000), latency_micros bigint, node varchar(100), "
                    + "created_at timestamp with time zone)");
            log.record(entry());
            log.flush();
            log.flush();
            assertThat(jdbc.queryForObject("select count(*) from prediction_log", Integer.class)).isEqualTo(4);
            assertThat(jdbc.queryForObject("select count(distinct id) from prediction_log where node = 'node-a'", Integer.class)).isEqualTo(4);
        } finally {
            log.stop();
        }
    }

    private static PredictionLog.Entry entry() {
        return new PredictionLog.Entry(UUID.randomUUID(), UUID.randomUUID(), UUID.randomUUID(), UUID.randomUUID(), 1, PredictionLog.Channel.SYNC, 1,
                List.of(Map.of("amount", 12.5)), List.of(Map.of("fraud_probability", 0.01)), PredictionLog.Outcome.SUCCESS, null, 850,
                Instant.now());
    }
}
