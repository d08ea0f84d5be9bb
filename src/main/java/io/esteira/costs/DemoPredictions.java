package io.esteira.costs;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * The rows the demo cost history's releases predicted per hour ({@code cost_demo_prediction}), counted for the
 * rating job as the prediction log is counted for real releases. Only with demo data on; nothing once the history
 * is gone.
 */
@Component
@ConditionalOnProperty(name = "esteira.demo.enabled", havingValue = "true")
class DemoPredictions implements CountedUsage {

    private final JdbcTemplate jdbc;

    DemoPredictions(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public List<Count> counts(Instant from, Instant to) {
        return jdbc.query("select area_id, resource_id, resource_name, person_id, person_name, hour_start, row_count, model_id, model_name "
                + "from cost_demo_prediction where hour_start >= ? and hour_start < ?",
                (rs, i) -> new Count(rs.getObject(1, UUID.class), ResourceKind.PREDICTIONS, rs.getObject(2, UUID.class), rs.getString(3),
                        rs.getObject(4, UUID.class), rs.getString(5), rs.getTimestamp(6).toInstant(), Sku.PREDICTIONS_1000, rs.getLong(7),
                        rs.getObject(8, UUID.class), rs.getString(9)),
                Timestamp.from(from), Timestamp.from(to));
    }
}
