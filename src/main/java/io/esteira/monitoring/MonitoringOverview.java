package io.esteira.monitoring;

import io.esteira.deployments.DeploymentService;
import io.esteira.deployments.DeploymentView;
import io.esteira.monitoring.domain.Alert;
import io.esteira.monitoring.domain.Alerts;
import io.esteira.monitoring.statistics.Verdict;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.springframework.data.domain.Page;
import org.springframework.data.domain.PageRequest;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Service;

/**
 * Health at a glance of the live releases the caller reads, from the precomputed rows (never the prediction log):
 * their areas' for data scientists and managers, every area's for reviewers (read-only) and administrators.
 */
@Service
@PreAuthorize("isAuthenticated()")
public class MonitoringOverview {

    /**
     * A live release's health: the last 24 hours' calls and errors, the last hour's p95, its latest
     * evaluated drift (dataset) and its alerts not resolved.
     */
    public record ReleaseHealth(UUID releaseId, UUID areaId, String deployment, String model, int version, String environment,
            Integer canaryPercent, long calls24h, Double errorRate24h, Double p95Millis, Verdict drift, Instant driftWindow, long openAlerts,
            long callsDayBefore, Verdict driftDayBefore, long alertsOpened24h) {

        /** What changed since yesterday: calls against the 24 hours before, drift against a day ago, alerts opened since. */
        public List<String> sinceYesterday() {
            List<String> changes = new ArrayList<>();
            if (callsDayBefore > 0) {
                long change = Math.round(100.0 * (calls24h - callsDayBefore) / callsDayBefore);
                if (Math.abs(change) >= 10) {
                    changes.add("calls " + (change > 0 ? "+" : "") + change + "%");
                }
            } else if (calls24h > 0) {
                changes.add("first calls");
            }
            if (drift != null && driftDayBefore != null && drift != driftDayBefore) {
                changes.add("drift " + words(driftDayBefore) + " → " + words(drift));
            }
            if (alertsOpened24h > 0) {
                changes.add(alertsOpened24h + (alertsOpened24h == 1 ? " alert opened" : " alerts opened"));
            }
            return changes;
        }

        private static String words(Verdict v) {
            return switch (v) {
                case OK -> "none";
                case WARNING -> "warning";
                case BREACH -> "breach";
                case INSUFFICIENT_DATA -> "too few rows";
            };
        }
    }

    private final DeploymentService deployments;
    private final OperationalMetrics operational;
    private final Alerts alerts;
    private final JdbcTemplate jdbc;
    private final Clock clock;

    MonitoringOverview(DeploymentService deployments, OperationalMetrics operational, Alerts alerts, JdbcTemplate jdbc, Clock clock) {
        this.deployments = deployments;
        this.operational = operational;
        this.alerts = alerts;
        this.jdbc = jdbc;
        this.clock = clock;
    }

    /** Reviewers watch every area's live deployments (read-only); everyone else those of their areas (managers: the areas they manage). */
    public boolean readsEveryArea() {
        return io.esteira.shared.security.CurrentUser.get()
                .map(u -> (u.has(io.esteira.shared.security.Role.REVIEWER) || u.isAdmin()) && u.areaScope() == null).orElse(false);
    }

    /** The live releases the caller reads (reviewers: every area's), each with its health. */
    public List<ReleaseHealth> live() {
        return MonitoringDashboard.reviewer() ? io.esteira.shared.security.SystemActor.call(this::liveOfReadableAreas) : liveOfReadableAreas();
    }

    private List<ReleaseHealth> liveOfReadableAreas() {
        Instant now = clock.instant();
        List<ReleaseHealth> health = new ArrayList<>();
        Page<DeploymentView> page = deployments.list(PageRequest.of(0, 200), false);
        while (true) {
            for (DeploymentView release : page.getContent()) {
                if (release.live()) {
                    health.add(health(release, now));
                }
            }
            if (!page.hasNext()) {
                break;
            }
            page = deployments.list(page.nextPageable(), false);
        }
        return health;
    }

    private ReleaseHealth health(DeploymentView release, Instant now) {
        Instant dayAgo = Granularity.HOUR.floor(now).minus(Duration.ofHours(23)); // 24 hourly buckets, the current one included
        List<OperationalPoint> twoDays = operational.series(release.id(), Granularity.HOUR, dayAgo.minus(Duration.ofHours(24)),
                Granularity.HOUR.floor(now).plus(Duration.ofHours(1))).points();
        List<OperationalPoint> hours = twoDays.stream().filter(p -> !p.bucketStart().isBefore(dayAgo)).toList();
        long callsDayBefore = twoDays.stream().filter(p -> p.bucketStart().isBefore(dayAgo)).mapToLong(OperationalPoint::calls).sum();
        long calls = hours.stream().mapToLong(OperationalPoint::calls).sum();
        long errors = hours.stream().mapToLong(OperationalPoint::errors).sum();
        Double p95 = hours.stream().filter(p -> p.latencyP95Millis() != null).reduce((a, b) -> b).map(OperationalPoint::latencyP95Millis)
                .orElse(null);
        Verdict drift = null;
        Instant driftWindow = null;
        List<Object[]> latest = jdbc.query("select verdict, window_start from drift_result where deployment_id = ? and column_name = '*' "
                + "and segment = '*' and granularity = 'HOUR' order by window_start desc fetch first 1 rows only", (rs, i) -> new Object[] {rs.getString(1),
                        rs.getTimestamp(2).toInstant()}, release.id());
        if (!latest.isEmpty()) {
            drift = Verdict.valueOf((String) latest.getFirst()[0]);
            driftWindow = (Instant) latest.getFirst()[1];
        }
        List<String> dayBefore = jdbc.queryForList("select verdict from drift_result where deployment_id = ? and column_name = '*' "
                + "and segment = '*' and granularity = 'HOUR' and window_start < ? order by window_start desc fetch first 1 rows only",
                String.class, release.id(), java.sql.Timestamp.from(dayAgo));
        long open = alerts.countByDeploymentIdAndStateNot(release.id(), Alert.State.RESOLVED);
        return new ReleaseHealth(release.id(), release.areaId(), release.name(), release.model(), release.modelVersion(),
                release.environment().name(), release.canaryPercent(), calls, calls == 0 ? null : (double) errors / calls, p95, drift,
                driftWindow, open, callsDayBefore, dayBefore.isEmpty() ? null : Verdict.valueOf(dayBefore.getFirst()),
                alerts.countByDeploymentIdAndOpenedAtGreaterThanEqual(release.id(), dayAgo));
    }

}
