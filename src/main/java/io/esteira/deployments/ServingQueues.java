package io.esteira.deployments;

import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * The async queue as monitoring samples it: per release, the requests waiting and since when the
 * oldest waits. Callers run as the system (the figures of every area) and keep them per release.
 */
@Component
public class ServingQueues {

    /** The queued requests of one release (the release the canary split picked at submission). */
    public record AsyncQueueFigures(UUID releaseId, UUID areaId, int versionNumber, long depth, Instant oldestQueuedAt) {
    }

    private final JdbcTemplate jdbc;

    ServingQueues(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** Every release with requests waiting (state QUEUED). */
    public List<AsyncQueueFigures> asyncQueues() {
        return jdbc.query("""
                select a.deployment_id, d.area_id, d.model_version_number, count(*), min(a.created_at)
                from async_prediction a join deployment d on d.id = a.deployment_id
                where a.state = 'QUEUED' group by a.deployment_id, d.area_id, d.model_version_number
                """, (rs, i) -> new AsyncQueueFigures(rs.getObject(1, UUID.class), rs.getObject(2, UUID.class), rs.getInt(3),
                rs.getLong(4), rs.getTimestamp(5).toInstant()));
    }
}
