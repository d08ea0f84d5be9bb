package io.esteira.monitoring;

import static io.esteira.support.Personas.DS_FRAUD;

import io.esteira.deployments.DeploymentView;
import io.esteira.monitoring.statistics.CategoricalProfile;
import io.esteira.monitoring.statistics.NumericProfile;
import io.esteira.shared.security.SystemActor;
import io.esteira.support.LiveDeployments;
import io.esteira.support.Personas;
import io.esteira.support.PostgresIntegrationTest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Not a test: a measurement, run on demand with
 * {@code ./mvnw -o test -Dtest=MonitoringDashboardBenchmark -Desteira.it.database=<database>} (PostgreSQL,
 * as in production; a fresh database). A live release of a model with 50 input features (40 numeric, 10
 * categorical) gets 90 days of stored rows as the jobs write them: hourly profiles of each feature
 * (200 rows an hour), hourly and daily drift rows, hourly and daily operational rows (minutes for the
 * last day) and a few alerts. Then, as its data scientist, the server side of its monitoring page
 * (header, operational series, drift overview, alert timeline: what the page asks for on opening) for
 * each window, {@code esteira.bench.rounds} times (default 30) after 5 warm-up rounds: p50, p95, max
 * (goal: p95 under 500 ms for 90 days); and a feature's distributions over 90 days (its 2,160 hourly
 * profiles merged), numeric and categorical. Written to target/benchmarks/monitoring-dashboard.txt.
 */
@PostgresIntegrationTest
class MonitoringDashboardBenchmark {

    private static final int NUMERIC = 40;
    private static final int CATEGORICAL = 10;
    private static final int DAYS = 90;
    private static final int ROWS_PER_HOUR = 200;
    private static final int ROUNDS = Integer.getInteger("esteira.bench.rounds", 30);

    @Autowired
    LiveDeployments live;
    @Autowired
    Personas personas;
    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    MonitoringDashboard dashboard;

    private final List<String> report = new ArrayList<>();

    @Test
    void theMonitoringPageOf90DaysOfHourlyRowsFor50Features() throws Exception {
        DeploymentView release = live.liveInStaging("bench-dashboard");
        Instant now = Instant.now();
        Instant lastHour = now.truncatedTo(ChronoUnit.HOURS);
        Instant firstHour = lastHour.minus(Duration.ofDays(DAYS));
        long seeding = System.nanoTime();
        seed(release, firstHour, lastHour);
        line("%s at %s on %d cores, Java %s; seeded in %.1f s: %d live profiles, %d drift rows, %d operational rows", getClass().getSimpleName(),
                now, Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"), (System.nanoTime() - seeding) / 1e9,
                count("live_profile", release), count("drift_result", release), count("operational_metric", release));
        jdbc.execute("analyze");

        for (DashboardWindow window : DashboardWindow.values()) {
            double[] millis = personas.call(DS_FRAUD, () -> measure(() -> {
                MonitoringDashboard.Header header = dashboard.header(release.name(), release.areaId(), null);
                dashboard.operational(header.releaseId(), window);
                dashboard.drift(header.releaseId(), window);
                dashboard.alerts(header.releaseId(), window);
            }));
            line("page %-14s p50 %6.1f ms  p95 %6.1f ms  max %6.1f ms (%d rounds)", window.label(), percentile(millis, 0.5),
                    percentile(millis, 0.95), millis[millis.length - 1], millis.length);
        }
        for (String feature : List.of("n0", "c0")) {
            double[] millis = personas.call(DS_FRAUD, () -> measure(() -> dashboard.distribution(release.id(), feature,
                    DashboardWindow.LAST_90_DAYS)));
            line("distribution of %s (%s), 90 days: p50 %6.1f ms  p95 %6.1f ms  max %6.1f ms", feature, feature.startsWith("n") ? "numeric"
                    : "categorical", percentile(millis, 0.5), percentile(millis, 0.95), millis[millis.length - 1]);
        }
        Files.createDirectories(Path.of("target/benchmarks"));
        Files.write(Path.of("target/benchmarks/monitoring-dashboard.txt"), report);
        SystemActor.run(() -> jdbc.update("update deployment set state = 'RETIRED' where id = ?", release.id()));
    }

    private void seed(DeploymentView release, Instant firstHour, Instant lastHour) {
        Random random = new Random(15);
        List<String> features = new ArrayList<>();
        List<byte[][]> hourly = new ArrayList<>(); // 24 profiles per feature, one per hour of the day, reused over the days
        List<byte[]> baselines = new ArrayList<>();
        for (int f = 0; f < NUMERIC + CATEGORICAL; f++) {
            boolean numeric = f < NUMERIC;
            features.add(numeric ? "n" + f : "c" + (f - NUMERIC));
            byte[][] hours = new byte[24][];
            for (int h = 0; h < 24; h++) {
                hours[h] = numeric ? numeric(random, ROWS_PER_HOUR, h % 6 == 0 ? 0.5 : 0) : categorical(random, ROWS_PER_HOUR, h % 6 == 0 ? 2 : 3);
            }
            hourly.add(hours);
            baselines.add(numeric ? numeric(random, 50_000, 0) : categorical(random, 50_000, 3));
        }
        Timestamp now = Timestamp.from(Instant.now());
        List<Object[]> baselineRows = new ArrayList<>();
        for (int f = 0; f < features.size(); f++) {
            baselineRows.add(new Object[] {release.modelVersionId(), features.get(f), f < NUMERIC ? "NUMERIC" : "CATEGORICAL", 50_000L,
                    baselines.get(f), "bench", now});
        }
        jdbc.update("delete from training_baseline where model_version_id = ?", release.modelVersionId());
        jdbc.batchUpdate("insert into training_baseline (model_version_id, column_name, column_role, kind, row_count, profile, built_from, "
                + "built_at) values (?, ?, 'INPUT', ?, ?, ?, ?, ?)", baselineRows);

        List<Object[]> profiles = new ArrayList<>();
        List<Object[]> drift = new ArrayList<>();
        List<Object[]> metrics = new ArrayList<>();
        for (Instant hour = firstHour; hour.isBefore(lastHour); hour = hour.plus(Duration.ofHours(1))) {
            int h = (int) ((hour.getEpochSecond() / 3600) % 24);
            Timestamp at = Timestamp.from(hour);
            for (int f = 0; f < features.size(); f++) {
                profiles.add(new Object[] {release.id(), release.areaId(), release.modelVersion(), features.get(f), f < NUMERIC ? "NUMERIC"
                        : "CATEGORICAL", at, (long) ROWS_PER_HOUR, hourly.get(f)[h], now});
                drift.add(driftRow(release, features.get(f), "HOUR", hour, hour.plus(Duration.ofHours(1)), h % 6 == 0, now));
            }
            drift.add(driftRow(release, "*", "HOUR", hour, hour.plus(Duration.ofHours(1)), h % 6 == 0, now));
            metrics.add(metricRow(release, "HOUR", hour, 720, now));
            flush(profiles, drift, metrics, 20_000);
        }
        for (Instant day = firstHour.truncatedTo(ChronoUnit.DAYS); day.isBefore(lastHour); day = day.plus(Duration.ofDays(1))) {
            for (String feature : features) {
                drift.add(driftRow(release, feature, "DAY", day, day.plus(Duration.ofDays(1)), false, now));
            }
            drift.add(driftRow(release, "*", "DAY", day, day.plus(Duration.ofDays(1)), false, now));
            metrics.add(metricRow(release, "DAY", day, 17_280, now));
        }
        for (Instant minute = lastHour.minus(Duration.ofHours(24)); minute.isBefore(lastHour); minute = minute.plus(Duration.ofMinutes(1))) {
            metrics.add(metricRow(release, "MINUTE", minute, 12, now));
        }
        flush(profiles, drift, metrics, 0);
        for (int i = 0; i < 12; i++) {
            Instant opened = lastHour.minus(Duration.ofDays(7L * i + 1));
            jdbc.update("insert into monitoring_alert (id, deployment_id, area_id, deployment_name, check_name, severity, state, message, "
                    + "recommendation, first_window, last_window, times_seen, opened_at, resolved_by, resolved_at, resolution) values "
                    + "(?, ?, ?, ?, 'data drift', 'BREACH', ?, 'Data drift of bench', 'Retrain', ?, ?, 2, ?, ?, ?, ?)", UUID.randomUUID(),
                    release.id(), release.areaId(), release.name(), i == 0 ? "OPEN" : "RESOLVED", Timestamp.from(opened), Timestamp.from(opened),
                    Timestamp.from(opened), i == 0 ? null : "ds.fraud", i == 0 ? null : Timestamp.from(opened.plus(Duration.ofHours(5))),
                    i == 0 ? null : "Seasonal");
        }
    }

    private void flush(List<Object[]> profiles, List<Object[]> drift, List<Object[]> metrics, int atLeast) {
        if (profiles.size() + drift.size() < atLeast) {
            return;
        }
        jdbc.batchUpdate("insert into live_profile (deployment_id, area_id, version_number, column_name, column_role, segment, hour_start, "
                + "node_life, kind, row_count, profile, updated_at) values (?, ?, ?, ?, 'INPUT', '*', ?, 'bench', ?, ?, ?, ?)",
                profiles.stream().map(p -> new Object[] {p[0], p[1], p[2], p[3], p[5], p[4], p[6], p[7], p[8]}).toList());
        jdbc.batchUpdate("insert into drift_result (deployment_id, area_id, version_number, column_name, column_role, segment, granularity, "
                + "window_start, window_end, baseline, verdict, psi, js_divergence, ks_d, ks_p, baseline_rows, window_rows, explanation, "
                + "method, computed_at) values (?, ?, ?, ?, 'INPUT', '*', ?, ?, ?, 'training', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", drift);
        jdbc.batchUpdate("insert into operational_metric (deployment_id, granularity, bucket_start, area_id, model_version_number, calls, "
                + "row_count, errors, invalid, latency_count, latency_p50_ms, latency_p95_ms, latency_p99_ms, batch_calls, batch_rows, "
                + "batch_millis, method, source_digest, computed_at) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0, 0, 0, 'bench', 'bench', ?)",
                metrics);
        profiles.clear();
        drift.clear();
        metrics.clear();
    }

    private static Object[] driftRow(DeploymentView release, String column, String granularity, Instant from, Instant to, boolean drifted,
            Timestamp now) {
        double psi = drifted ? 0.31 : 0.02;
        return new Object[] {release.id(), release.areaId(), release.modelVersion(), column, granularity, Timestamp.from(from),
                Timestamp.from(to), drifted ? "BREACH" : "OK", psi, psi / 4, drifted ? 0.2 : 0.03, drifted ? 1e-6 : 0.4, 50_000L,
                (long) ROWS_PER_HOUR, "bench", column.startsWith("c") ? "categorical from sketches" : "numeric from sketches", now};
    }

    private static Object[] metricRow(DeploymentView release, String granularity, Instant bucket, long calls, Timestamp now) {
        return new Object[] {release.id(), granularity, Timestamp.from(bucket), release.areaId(), release.modelVersion(), calls, calls * 10,
                calls / 100, calls / 50, calls, 12.0, 31.0, 55.0, now};
    }

    private static byte[] numeric(Random random, int rows, double shift) {
        NumericProfile p = NumericProfile.empty();
        for (int i = 0; i < rows; i++) {
            p.add(shift + random.nextGaussian());
        }
        return p.toBytes();
    }

    private static byte[] categorical(Random random, int rows, double power) {
        CategoricalProfile p = CategoricalProfile.empty();
        for (int i = 0; i < rows; i++) {
            p.add("c" + (int) (60 * Math.pow(random.nextDouble(), power)));
        }
        return p.toBytes();
    }

    private static double[] measure(Runnable page) {
        for (int i = 0; i < 5; i++) {
            page.run();
        }
        double[] millis = new double[ROUNDS];
        for (int i = 0; i < ROUNDS; i++) {
            long start = System.nanoTime();
            page.run();
            millis[i] = (System.nanoTime() - start) / 1e6;
        }
        Arrays.sort(millis);
        return millis;
    }

    private static double percentile(double[] sorted, double p) {
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(p * sorted.length) - 1)];
    }

    private long count(String table, DeploymentView release) {
        return jdbc.queryForObject("select count(*) from " + table + " where deployment_id = ?", Long.class, release.id());
    }

    private void line(String format, Object... args) {
        String line = format.formatted(args);
        System.out.println("BENCH " + line);
        report.add(line);
    }
}
