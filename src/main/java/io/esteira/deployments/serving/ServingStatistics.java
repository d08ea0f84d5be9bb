package io.esteira.deployments.serving;

import io.esteira.deployments.ServingFigures;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * How the releases serve, from the prediction log (so every node's calls count): calls per minute
 * and p95 latency of the successful ones over the last {@link #WINDOW}, the share of calls that
 * failed (bad rows or errors), and all calls so far.
 */
@Component
public class ServingStatistics {

    static final Duration WINDOW = Duration.ofMinutes(5);

    private final NamedParameterJdbcTemplate jdbc;
    private final Clock clock;

    ServingStatistics(NamedParameterJdbcTemplate jdbc, Clock clock) {
        this.clock = clock;
        this.jdbc = jdbc;
    }

    public Map<UUID, ServingFigures> of(Collection<UUID> deploymentIds) {
        Map<UUID, ServingFigures> figures = new HashMap<>();
        if (deploymentIds.isEmpty()) {
            return figures;
        }
        Instant since = clock.instant().minus(WINDOW);
        MapSqlParameterSource params = new MapSqlParameterSource("ids", deploymentIds).addValue("since", Timestamp.from(since));
        jdbc.query("""
                select deployment_id, count(*) as calls,
                       sum(case when created_at >= :since then 1 else 0 end) as recent,
                       sum(case when created_at >= :since and outcome <> 'SUCCESS' then 1 else 0 end) as recent_failed,
                       max(created_at) as last_call
                from prediction_log where deployment_id in (:ids) group by deployment_id
                """, params, rs -> {
            UUID id = rs.getObject("deployment_id", UUID.class);
            long recent = rs.getLong("recent");
            Timestamp last = rs.getTimestamp("last_call");
            figures.put(id, new ServingFigures(rs.getLong("calls"), recent / (double) WINDOW.toMinutes(),
                    null, recent == 0 ? null : rs.getLong("recent_failed") / (double) recent, last == null ? null : last.toInstant()));
        });
        jdbc.query("""
                select deployment_id, percentile_cont(0.95) within group (order by latency_micros) as p95
                from prediction_log where deployment_id in (:ids) and created_at >= :since and outcome = 'SUCCESS'
                group by deployment_id
                """, params, rs -> {
            UUID id = rs.getObject("deployment_id", UUID.class);
            double p95 = rs.getDouble("p95");
            figures.computeIfPresent(id, (k, f) -> new ServingFigures(f.calls(), f.callsPerMinute(), p95 / 1000.0, f.errorRate(), f.lastCall()));
        });
        return figures;
    }
}
