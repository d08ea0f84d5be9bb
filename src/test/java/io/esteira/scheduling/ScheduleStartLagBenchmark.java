package io.esteira.scheduling;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.esteira.support.PortalProcess;
import io.esteira.support.PostgresRequired;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Not a test: a measurement, run on demand with {@code ./mvnw test -Dtest=ScheduleStartLagBenchmark}.
 * Portal nodes in processes of their own on a fresh PostgreSQL database (one node by default,
 * {@code -Desteira.bench.nodes=2} for a cluster), 200 active schedules of a cheap query
 * ({@code select 1}) on a PostgreSQL source, all firing every 10 s at the same second (the worst
 * case, like many daily schedules at 06:00; {@code -Desteira.bench.spread=true} spreads them over the
 * ten seconds), measured for 3 minutes ({@code -Desteira.bench.minutes}) after a minute of warm-up
 * ({@code -Desteira.bench.warmupMinutes}). Start lag is the run log's {@code started_at − scheduled_for}
 * of the measured fires; p50, p95, p99 and max are printed and written to
 * target/benchmarks/schedule-start-lag.txt, with the machine's load (other work skews them). Quartz
 * settings can be tried without a change to the code:
 * {@code -Desteira.bench.nodeOptions=-Dspring.quartz.properties.org.quartz.threadPool.threadCount=8}.
 */
@ExtendWith(PostgresRequired.class)
class ScheduleStartLagBenchmark {

    static final int SCHEDULES = Integer.getInteger("esteira.bench.schedules", 200);
    static final int NODES = Integer.getInteger("esteira.bench.nodes", 1);
    static final int MINUTES = Integer.getInteger("esteira.bench.minutes", 3);
    /** Fires of the first minute are not measured: the nodes' JIT and PostgreSQL's caches warm up on them. */
    static final int WARMUP_MINUTES = Integer.getInteger("esteira.bench.warmupMinutes", 1);
    static final boolean SPREAD = Boolean.getBoolean("esteira.bench.spread");
    static final int EVERY_SECONDS = 10;

    @Test
    void startLagOf200SchedulesFiringEveryTenSeconds() throws Exception {
        List<String> nodeOptions = Arrays.stream(System.getProperty("esteira.bench.nodeOptions", "").split("\\s+"))
                .filter(o -> !o.isBlank()).toList();
        try (PortalCluster cluster = new PortalCluster("bench", nodeOptions)) {
            List<PortalProcess> nodes = new ArrayList<>();
            for (int i = 0; i < NODES; i++) {
                nodes.add(cluster.startNode("bench-" + (char) ('a' + i)));
            }
            String admin = cluster.token("bench.admin", List.of("ADMIN"), List.of());
            String scientist = cluster.token("bench.scientist", List.of("DATA_SCIENTIST"), List.of("CREDIT:DATA_SCIENTIST"));
            UUID credit = cluster.areaId(nodes.getFirst(), scientist, "CREDIT");
            UUID source = cluster.registerSource(nodes.getFirst(), admin);
            for (int i = 0; i < SCHEDULES; i++) {
                String second = SPREAD ? Integer.toString(i % EVERY_SECONDS) : "0";
                cluster.createSchedule(nodes.get(i % NODES), scientist, credit, source, "lag-" + i, "select 1 as x",
                        second + "/" + EVERY_SECONDS + " * * * * ?", 60);
            }
            // measured: the fires after every schedule exists, for the set minutes
            Instant from = Instant.now().truncatedTo(ChronoUnit.SECONDS).plusSeconds(EVERY_SECONDS).plus(Duration.ofMinutes(WARMUP_MINUTES));
            Instant until = from.plus(Duration.ofMinutes(MINUTES));
            long expected = (long) SCHEDULES * MINUTES * 60 / EVERY_SECONDS;
            double[] busiest = {0};
            await("the fires of " + MINUTES + " minutes have started").atMost(Duration.ofMinutes(WARMUP_MINUTES + MINUTES + 2))
                    .pollInterval(Duration.ofSeconds(5)).until(() -> {
                        if (Instant.now().isAfter(from)) {
                            busiest[0] = Math.max(busiest[0], oneMinuteLoad());
                        }
                        return started(cluster, from, until) >= expected || Instant.now().isAfter(until.plusSeconds(30));
                    });
            nodes.forEach(PortalProcess::kill);
            String threads = nodes.stream().map(n -> n.firstLogLineContaining("Using thread pool").map(l -> l.replaceAll(".* - with (\\d+) threads.*", "$1"))
                    .orElse("?")).distinct().collect(java.util.stream.Collectors.joining("/"));

            List<Long> lags = new ArrayList<>();
            List<Long> durations = new ArrayList<>();
            Map<String, Integer> perNode = new TreeMap<>();
            Map<Instant, Long> lastStartOfFire = new TreeMap<>();
            long failed = 0;
            try (Connection c = cluster.portalDatabase(); PreparedStatement s = c.prepareStatement(
                    "select scheduled_for, started_at, finished_at, state, node from schedule_run "
                            + "where run_trigger = 'SCHEDULE' and attempt = 1 and scheduled_for >= ? and scheduled_for < ?")) {
                s.setTimestamp(1, Timestamp.from(from));
                s.setTimestamp(2, Timestamp.from(until));
                try (ResultSet r = s.executeQuery()) {
                    while (r.next()) {
                        Instant scheduled = r.getTimestamp(1).toInstant();
                        Instant started = r.getTimestamp(2).toInstant();
                        lags.add(Duration.between(scheduled, started).toMillis());
                        lastStartOfFire.merge(scheduled, Duration.between(scheduled, started).toMillis(), Math::max);
                        if (r.getTimestamp(3) != null) {
                            durations.add(Duration.between(started, r.getTimestamp(3).toInstant()).toMillis());
                        }
                        if (!r.getString(4).equals("SUCCEEDED")) {
                            failed++;
                        }
                        perNode.merge(r.getString(5), 1, Integer::sum);
                    }
                }
            }
            List<String> report = new ArrayList<>();
            report.add(String.format("schedule start lag: %d active schedules, every %d s %s, %d node(s) (Quartz threadCount per node: %s), "
                            + "%d minutes on PostgreSQL after %d of warm-up; node options %s; measured %s", SCHEDULES, EVERY_SECONDS,
                    SPREAD ? "spread over the seconds" : "all at the same second", NODES,
                    threads, MINUTES, WARMUP_MINUTES, nodeOptions,
                    Instant.now().truncatedTo(ChronoUnit.SECONDS)));
            report.add(String.format("fires: %d of %d expected, %d not succeeded; per node %s", lags.size(), expected, failed, perNode));
            report.add(String.format("machine: %d cores; highest 1-minute load average during the measurement %.2f, at the end (1, 5, 15 min) %s",
                    Runtime.getRuntime().availableProcessors(), busiest[0], loadAverage()));
            report.add("start lag (started_at - scheduled_for) ms: " + summary(lags));
            report.add("last start of each fire time (when all its schedules have started) ms: " + summary(List.copyOf(lastStartOfFire.values())));
            report.add("run time (finished_at - started_at) ms:    " + summary(durations));
            report.forEach(line -> System.out.println("BENCH " + line));
            Files.createDirectories(Path.of("target", "benchmarks"));
            Files.write(Path.of("target", "benchmarks", "schedule-start-lag.txt"), report);
            assertThat(lags).as("fires measured").isNotEmpty();
        }
    }

    private static long started(PortalCluster cluster, Instant from, Instant until) throws Exception {
        try (Connection c = cluster.portalDatabase(); PreparedStatement s = c.prepareStatement(
                "select count(*) from schedule_run where scheduled_for >= ? and scheduled_for < ? and state <> 'RUNNING'")) {
            s.setTimestamp(1, Timestamp.from(from));
            s.setTimestamp(2, Timestamp.from(until));
            try (ResultSet r = s.executeQuery()) {
                r.next();
                return r.getLong(1);
            }
        }
    }

    /** Other work on the machine skews the numbers: the report says how busy it was. */
    private static String loadAverage() {
        try {
            String[] fields = Files.readString(Path.of("/proc/loadavg")).split(" ");
            return fields[0] + " " + fields[1] + " " + fields[2];
        } catch (java.io.IOException e) {
            return "unknown";
        }
    }

    private static double oneMinuteLoad() {
        try {
            return Double.parseDouble(loadAverage().split(" ")[0]);
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    static String summary(List<Long> values) {
        if (values.isEmpty()) {
            return "none";
        }
        long[] sorted = values.stream().mapToLong(Long::longValue).sorted().toArray();
        return String.format("p50 %d, p95 %d, p99 %d, max %d, count %d", percentile(sorted, 50), percentile(sorted, 95),
                percentile(sorted, 99), sorted[sorted.length - 1], sorted.length);
    }

    /** Nearest rank. */
    static long percentile(long[] sorted, double p) {
        int rank = (int) Math.ceil(p / 100.0 * sorted.length);
        return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
    }
}
