package io.esteira.deployments.predictions;

import io.esteira.deployments.DeploymentEvents;
import io.esteira.deployments.DeploymentService;
import io.esteira.deployments.DeploymentView;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import io.esteira.shared.InvalidRequestException;
import io.esteira.shared.Trace;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * The prediction log's retention: a release's calls are kept for its {@code log_retention_days}, or
 * the portal's default ({@code esteira.prediction-log.retention}, 90 days), then deleted, oldest
 * first, in batches of {@code esteira.prediction-log.retention-batch} rows, each batch its own
 * select of ids and a batch of deletes by id, so that a purge never holds long locks or one huge transaction; a run
 * stops after {@code esteira.prediction-log.retention-max-rows} and the next run goes on. Run by the
 * clustered Quartz job {@link io.esteira.deployments.PredictionLogRetentionJob} on one node at a time. Inputs and outputs are
 * only ever stored for the sampled share of calls (the deployment's {@code log_sample_percent}).
 *
 * <p>The log is a record the bank must keep: an administrator may keep a release's calls longer or
 * shorter than the default, never shorter than {@code esteira.prediction-log.minimum-retention}.
 * Profiles and metric rows are not the log and stay.
 */
@Component
public class PredictionLogRetention {

    private static final Logger log = LoggerFactory.getLogger(PredictionLogRetention.class);

    private final JdbcTemplate jdbc;
    private final Clock clock;
    private final Duration retention;
    private final int batch;
    private final long maxRows;
    private final Duration minimum;
    private final DeploymentService deployments;
    private final io.esteira.deployments.domain.Deployments releases;
    private final ApplicationEventPublisher events;

    /** How long a release's calls are kept: its own days, or (null) the portal's default. */
    public record Kept(UUID releaseId, Integer days, long effectiveDays, long defaultDays, long minimumDays) {
    }

    private Kept kept(UUID releaseId, Integer days) {
        return new Kept(releaseId, days, days == null ? retention.toDays() : days, retention.toDays(), minimum.toDays());
    }

    PredictionLogRetention(JdbcTemplate jdbc, Clock clock, @Value("${esteira.prediction-log.retention:P90D}") Duration retention,
            @Value("${esteira.prediction-log.retention-batch:5000}") int batch,
            @Value("${esteira.prediction-log.retention-max-rows:1000000}") long maxRows,
            @Value("${esteira.prediction-log.minimum-retention:P30D}") Duration minimum, DeploymentService deployments,
            io.esteira.deployments.domain.Deployments releases, ApplicationEventPublisher events) {
        if (retention.isNegative() || retention.isZero()) {
            throw new IllegalArgumentException("esteira.prediction-log.retention must be positive, not " + retention);
        }
        if (retention.compareTo(minimum) < 0) {
            throw new IllegalArgumentException("esteira.prediction-log.retention (" + retention + ") is shorter than "
                    + "esteira.prediction-log.minimum-retention (" + minimum + ")");
        }
        this.minimum = minimum;
        this.deployments = deployments;
        this.releases = releases;
        this.events = events;
        this.jdbc = jdbc;
        this.clock = clock;
        this.retention = retention;
        this.batch = Math.max(1, batch);
        this.maxRows = Math.max(1, maxRows);
    }

    /**
     * How long the release's calls are kept.
     *
     * @throws io.esteira.shared.NotFoundException when the caller may not read the release
     */
    @PreAuthorize("isAuthenticated()")
    public Kept of(UUID releaseId) {
        deployments.get(releaseId); // the area check
        Integer days = jdbc.queryForObject("select log_retention_days from deployment where id = ?", Integer.class, releaseId);
        return kept(releaseId, days);
    }

    /**
     * Keeps the release's calls for {@code days} (null: the portal's default). Administrators only.
     *
     * @throws InvalidRequestException when shorter than the minimum or longer than ten years
     */
    @PreAuthorize("hasRole('ADMIN')")
    @Transactional
    public Kept keep(UUID releaseId, Integer days) {
        DeploymentView release = deployments.get(releaseId);
        if (days != null && (days < minimum.toDays() || days > 3650)) {
            throw new InvalidRequestException("days", "Between " + minimum.toDays() + " (the bank's minimum) and 3,650 days, or none "
                    + "for the portal's default of " + retention.toDays() + " days");
        }
        io.esteira.deployments.domain.Deployment row = releases.findById(releaseId).orElseThrow();
        Integer before = row.getLogRetentionDays();
        row.keepLogFor(days);
        releases.save(row);
        if (!java.util.Objects.equals(before, days)) {
            events.publishEvent(new DeploymentEvents.LogRetentionChanged(releaseId, release.areaId(), release.name(), before, days,
                    Trace.capture(clock)));
        }
        return kept(releaseId, days);
    }

    /** Deletes the calls older than their release's retention; returns how many. */
    public long purge() {
        Instant now = clock.instant();
        List<Map<String, Object>> releases = jdbc.queryForList("select d.id, d.log_retention_days from deployment d "
                + "where exists (select 1 from prediction_log l where l.deployment_id = d.id)");
        long deleted = 0;
        for (Map<String, Object> release : releases) {
            UUID id = (UUID) release.get("id");
            Number days = (Number) release.get("log_retention_days");
            // a release's own days never go below the bank's minimum, whatever was stored before it was enforced
            Instant cutoff = now.minus(days == null ? retention : Duration.ofDays(Math.max(days.longValue(), minimum.toDays())));
            int n;
            do {
                // the ids first, then the rows: a subquery with a limit inside the delete is evaluated anew as rows go on H2
                // by (id, created_at): on PostgreSQL, the key of the partitioned log, each delete pruned to its day
                List<Object[]> keys = jdbc.query("select id, created_at from prediction_log where deployment_id = ? and created_at < ? "
                        + "order by created_at limit ?", (r, i) -> new Object[] {r.getObject(1), r.getTimestamp(2)}, id, Timestamp.from(cutoff), batch);
                n = keys.size();
                if (n > 0) {
                    jdbc.batchUpdate("delete from prediction_log where id = ? and created_at = ?", keys);
                }
                deleted += n;
            } while (n == batch && deleted < maxRows);
            if (deleted >= maxRows) {
                break;
            }
        }
        if (deleted > 0) {
            log.info("Prediction log retention: deleted {} calls older than their release's retention", deleted);
        }
        return deleted;
    }
}
