package io.esteira.deployments;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.esteira.support.PortalProcess;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Collectors;
import no.nav.security.mock.oauth2.MockOAuth2Server;
import no.nav.security.mock.oauth2.token.DefaultOAuth2TokenCallback;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Not a test of the suite: a measurement, run on demand with
 * {@code ./mvnw test -Dtest=PredictionLogKillBenchmark -Desteira.it.database=plog_bench}. Two portal
 * processes ({@link PortalProcess}) on one fresh PostgreSQL database serve a tier-3 copy of the demo
 * model {@code card_fraud}, released to staging through the API with JWTs of a mock identity provider;
 * an open-loop load of {@code esteira.bench.rate} (100) one-row calls per second alternates between
 * the two nodes for {@code esteira.bench.seconds} (60) seconds, and every answered call's request id is
 * kept.
 * <ul>
 * <li>{@link #killing_a_node_under_load_loses_no_answered_call} kills node b (SIGKILL) a third of the way
 * into the run; then every request id answered 200 by either node must be in {@code prediction_log}.</li>
 * <li>{@link #a_database_restart_under_load_loses_no_answered_call} runs on a PostgreSQL server of its own
 * (initdb in {@code target/}, as the {@code postgres} user, on port 55432; skipped when that cannot be done,
 * e.g. not root), restarted ({@code pg_ctl restart -m fast}) a third of the way into the run: the shared
 * server on 5432 is never restarted, other people's runs use it. It counts the calls that failed during the
 * restart and checks that every answered one is in the log once the spool is shipped.</li>
 * </ul>
 * Answered, logged, lost, failed and p50/p99 of the answered calls go to
 * {@code target/benchmarks/prediction-log-kill.txt} and {@code …-restart.txt}.
 */
class PredictionLogKillBenchmark {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String ISSUER = "esteira-plog";
    private static final String CLIENT = "esteira-portal";
    private static final int RATE = Integer.getInteger("esteira.bench.rate", 100);
    private static final int SECONDS = Integer.getInteger("esteira.bench.seconds", 60);
    private static final int WARMUP_SECONDS = Integer.getInteger("esteira.bench.warmupSeconds", 20);
    private static final int PRIVATE_PG_PORT = Integer.getInteger("esteira.bench.pgPort", 55432);

    @Test
    void killing_a_node_under_load_loses_no_answered_call() throws Exception {
        String database = System.getProperty("esteira.it.database", "plog_bench");
        try (Cluster cluster = new Cluster("jdbc:postgresql://127.0.0.1:5432/", database, "kill")) {
            cluster.startTwoNodesAndDeploy();
            Load load = new Load(cluster);
            load.run(RATE, WARMUP_SECONDS, Integer.MAX_VALUE, () -> { }, "warm-up"); // JIT, sessions, pools
            Result r = load.run(RATE, SECONDS, SECONDS / 3, () -> cluster.nodeB.kill(), "SIGKILL node-b");
            Set<UUID> logged = cluster.logged(r.answered);
            String report = r.report("Kill test: 2 nodes on PostgreSQL, node-b SIGKILLed " + (SECONDS / 3) + " s into the run", logged);
            System.out.println(report);
            write("prediction-log-kill.txt", report);
            assertThat(r.answered.size() - logged.size()).as("answered calls missing from the prediction log").isZero();
        }
    }

    @Test
    void a_database_restart_under_load_loses_no_answered_call() throws Exception {
        PrivatePostgres pg = PrivatePostgres.start(PRIVATE_PG_PORT);
        org.junit.jupiter.api.Assumptions.assumeTrue(pg != null, "no private PostgreSQL server could be started (needs root and the postgres user)");
        try (pg; Cluster cluster = new Cluster("jdbc:postgresql://127.0.0.1:" + PRIVATE_PG_PORT + "/", "plog_restart", "restart")) {
            cluster.startTwoNodesAndDeploy();
            Load load = new Load(cluster);
            load.run(RATE, WARMUP_SECONDS, Integer.MAX_VALUE, () -> { }, "warm-up"); // JIT, sessions, pools
            Result r = load.run(RATE, SECONDS, SECONDS / 3, pg::restart, "pg_ctl restart -m fast");
            // the spools are shipped within the ship interval once the database is back
            await("the spools are shipped").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofSeconds(1))
                    .until(() -> cluster.logged(r.answered).size() == r.answered.size());
            Set<UUID> logged = cluster.logged(r.answered);
            long spooledLines = cluster.nodeA.logLinesContaining("go to the spool") + cluster.nodeB.logLinesContaining("go to the spool");
            String shipped = cluster.nodeA.firstLogLineContaining("Shipped").orElse("") + " | " + cluster.nodeB.firstLogLineContaining("Shipped").orElse("");
            String report = r.report("Restart test: 2 nodes on a private PostgreSQL 15, restarted (pg_ctl restart -m fast, took "
                    + pg.lastRestart.toMillis() + " ms) " + (SECONDS / 3) + " s into the run", logged)
                    + "nodes that switched to their spool: " + spooledLines + "; " + shipped + "\n" + "rows in prediction_log per node: "
                    + cluster.rowsPerNode() + "\n";
            System.out.println(report);
            write("prediction-log-restart.txt", report);
            assertThat(r.answered.size() - logged.size()).as("answered calls missing from the prediction log").isZero();
            assertThat(cluster.duplicates()).as("entries written twice").isZero();
        }
    }

    private static void write(String file, String report) throws IOException {
        Path out = Path.of("target", "benchmarks", file);
        Files.createDirectories(out.getParent());
        Files.writeString(out, report);
    }

    record Result(Set<UUID> answered, int failed, int sent, long[] latencies, long[] before, long[] after, List<String> failures, String event,
            double eventAtSeconds) {

        double percentile(double p) {
            return percentile(latencies, p);
        }

        static double percentile(long[] latencies, double p) {
            if (latencies.length == 0) {
                return Double.NaN;
            }
            int i = (int) Math.min(latencies.length - 1, Math.ceil(p / 100.0 * latencies.length) - 1);
            return latencies[Math.max(0, i)] / 1_000_000.0;
        }

        String report(String title, Set<UUID> logged) {
            Map<String, Long> kinds = failures.stream().collect(Collectors.groupingBy(f -> f, LinkedHashMap::new, Collectors.counting()));
            return String.format("%s, %s%n%d calls/s offered for %d s over both nodes (%d sent); %s at %.1f s%n"
                            + "answered 200: %d; in prediction_log: %d; lost: %d; failed or unanswered: %d %s%n"
                            + "answered calls: p50 %.2f ms, p99 %.2f ms, max %.2f ms; sent before the %s: p50 %.2f ms, p99 %.2f ms; "
                            + "after: p50 %.2f ms, p99 %.2f ms%nload average when done: %s%n",
                    title, Instant.now(), RATE, SECONDS, sent, event, eventAtSeconds, answered.size(), logged.size(),
                    answered.size() - logged.size(), failed, kinds, percentile(50), percentile(99), percentile(100), event,
                    percentile(before, 50), percentile(before, 99), percentile(after, 50), percentile(after, 99), loadAverage());
        }

        static String loadAverage() {
            try {
                return Files.readString(Path.of("/proc/loadavg")).strip();
            } catch (IOException e) {
                return "?";
            }
        }
    }

    /** An open-loop load over both nodes: call i goes to node a when i is even, to node b when odd. */
    static final class Load {
        private final Cluster cluster;

        Load(Cluster cluster) {
            this.cluster = cluster;
        }

        Result run(int rate, int seconds, int eventAt, Runnable event, String eventName) throws Exception {
            HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(2))
                    .executor(Executors.newFixedThreadPool(8)).build();
            byte[] body = JSON.writeValueAsBytes(Map.of("rows", DeploymentFixture.rows(1)));
            HttpRequest[] requests = new HttpRequest[2];
            PortalProcess[] nodes = {cluster.nodeA, cluster.nodeB};
            for (int n = 0; n < 2; n++) {
                requests[n] = HttpRequest.newBuilder(URI.create(nodes[n].baseUrl() + "/api/v1/serving/" + cluster.deployment + "/predict"))
                        .timeout(Duration.ofSeconds(60)).header("Authorization", "Bearer " + cluster.appToken)
                        .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofByteArray(body)).build();
            }
            int total = rate * seconds;
            long interval = interval(rate);
            Set<UUID> answered = java.util.concurrent.ConcurrentHashMap.newKeySet();
            ConcurrentLinkedQueue<Long> latencies = new ConcurrentLinkedQueue<>();
            ConcurrentLinkedQueue<Long> before = new ConcurrentLinkedQueue<>();
            ConcurrentLinkedQueue<Long> after = new ConcurrentLinkedQueue<>();
            long eventDue = (long) Math.min(Long.MAX_VALUE / 2, (long) eventAt * rate * interval(rate));
            ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();
            AtomicInteger failed = new AtomicInteger();
            List<CompletableFuture<?>> calls = new ArrayList<>(total);
            long start = System.nanoTime();
            double eventAtSeconds = Double.NaN;
            for (int i = 0; i < total; i++) {
                long due = start + i * interval;
                if ((long) i == (long) eventAt * rate) {
                    eventAtSeconds = (System.nanoTime() - start) / 1e9;
                    CompletableFuture.runAsync(event);
                }
                long wait = due - System.nanoTime();
                if (wait > 0) {
                    LockSupport.parkNanos(wait);
                }
                HttpRequest request = requests[i % 2];
                String node = nodes[i % 2].name();
                calls.add(http.sendAsync(request, HttpResponse.BodyHandlers.ofString()).handle((response, failure) -> {
                    if (failure == null && response.statusCode() == 200) {
                        long latency = System.nanoTime() - due;
                        latencies.add(latency);
                        (due - start < eventDue ? before : after).add(latency);
                        answered.add(UUID.fromString(JSON.readTree(response.body()).get("requestId").asString()));
                    } else {
                        failed.incrementAndGet();
                        failures.add(node + " " + (failure != null ? failure.getClass().getSimpleName() : "HTTP " + response.statusCode()));
                    }
                    return null;
                }));
            }
            CompletableFuture.allOf(calls.toArray(CompletableFuture[]::new)).get(3, TimeUnit.MINUTES);
            return new Result(Set.copyOf(answered), failed.get(), total, sorted(latencies), sorted(before), sorted(after), List.copyOf(failures),
                    eventName, eventAtSeconds);
        }

        private static long interval(int rate) {
            return 1_000_000_000L / rate;
        }

        private static long[] sorted(ConcurrentLinkedQueue<Long> values) {
            long[] sorted = values.stream().mapToLong(Long::longValue).toArray();
            Arrays.sort(sorted);
            return sorted;
        }
    }

    /** Two portal processes on one fresh database, a mock identity provider, and a live one-row deployment. */
    static final class Cluster implements AutoCloseable {
        final String jdbcBase;
        final String database;
        final Path dir;
        final MockOAuth2Server oidc = new MockOAuth2Server();
        final String secretsKey;
        final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        final List<PortalProcess> nodes = new ArrayList<>();
        PortalProcess nodeA;
        PortalProcess nodeB;
        String deployment;
        String appToken;

        Cluster(String jdbcBase, String database, String purpose) throws SQLException {
            this.jdbcBase = jdbcBase;
            this.database = database;
            this.dir = Path.of("target", "cluster", "plog-" + purpose + "-" + System.currentTimeMillis()).toAbsolutePath();
            byte[] key = new byte[32];
            new SecureRandom().nextBytes(key);
            this.secretsKey = Base64.getEncoder().encodeToString(key);
            try (Connection c = DriverManager.getConnection(jdbcBase + "postgres", "postgres", ""); Statement s = c.createStatement()) {
                s.execute("drop database if exists " + database + " with (force)");
                s.execute("create database " + database);
            }
            oidc.start(0);
        }

        void startTwoNodesAndDeploy() throws Exception {
            try {
                nodeA = start("node-a");
                nodeB = start("node-b");
                deploy();
            } catch (Exception | Error e) {
                System.out.println(nodes.stream().map(n -> n.logTail(80)).collect(Collectors.joining("\n")));
                throw e;
            }
        }

        PortalProcess start(String name) {
            Map<String, String> env = new LinkedHashMap<>();
            env.put("ESTEIRA_DATA_DIR", dir.resolve(name + "-data").toString());
            env.put("ESTEIRA_DB_URL", jdbcBase + database);
            env.put("ESTEIRA_DB_USER", "postgres");
            env.put("ESTEIRA_DB_PASSWORD", "");
            env.put("ESTEIRA_SECRETS_KEY", secretsKey);
            env.put("ESTEIRA_OIDC_ISSUER_URI", oidc.issuerUrl(ISSUER).toString());
            env.put("ESTEIRA_OIDC_CLIENT_ID", CLIENT);
            env.put("ESTEIRA_OIDC_CLIENT_SECRET", "plog-bench");
            env.put("ESTEIRA_WORKSPACES_LOCAL_ENABLED", "false");
            env.put("ESTEIRA_WORKSPACE_CHECK_INTERVAL", "PT1H");
            env.put("ESTEIRA_FEATURE_REFRESH_INTERVAL", "PT1H");
            PortalProcess node = PortalProcess.start(name, dir, env, List.of("-XX:+UseSerialGC", "-Xss512k", "-Xmx768m",
                    "-Desteira.demo.warehouse.customers=2000", "-Desteira.demo.warehouse.transactions=30000"));
            nodes.add(node);
            return node.awaitHealthy(Duration.ofMinutes(4));
        }

        String token(String username, List<String> roles, List<String> areas) {
            return oidc.issueToken(ISSUER, username, new DefaultOAuth2TokenCallback(ISSUER, "subject-" + username, "JWT", List.of(CLIENT),
                    Map.of("preferred_username", username, "roles", roles, "areas", areas), 7200)).serialize();
        }

        /** A tier-3 copy of the demo model, registered, gated and released to staging (a standard change: live at once). */
        void deploy() throws Exception {
            String scientist = token("plog.scientist", List.of("DATA_SCIENTIST"), List.of("FRAUD:DATA_SCIENTIST"));
            appToken = scientist;
            JsonNode demo = await("the demo model's champion").atMost(Duration.ofMinutes(5)).pollInterval(Duration.ofSeconds(2))
                    .ignoreExceptions().until(() -> call(nodeA, "GET", "/api/v1/models/card_fraud", scientist, null, 200),
                            m -> m.get("aliases") != null && m.get("aliases").get("champion") != null);
            int number = demo.get("aliases").get("champion").asInt();
            JsonNode version = call(nodeA, "GET", "/api/v1/models/card_fraud/versions/" + number, scientist, null, 200);
            byte[] artifact = download(nodeA, "/api/v1/models/card_fraud/versions/" + number + "/artifact", scientist);
            String model = "plog-bench-" + UUID.randomUUID().toString().substring(0, 8);
            Map<String, Object> draft = new LinkedHashMap<>();
            draft.put("name", model);
            draft.put("description", "A tier-3 copy of the demo model for the prediction-log benchmark");
            draft.put("useCase", "Benchmark");
            draft.put("riskTier", 3);
            draft.put("thresholds", List.of());
            call(nodeA, "POST", "/api/v1/models", scientist, draft, 201);
            Map<String, Object> metadata = new LinkedHashMap<>();
            for (String field : List.of("signature", "metrics", "parameters", "lineage", "commit", "ciRunUrl", "modelCard", "sha256")) {
                metadata.put(field, version.get(field));
            }
            // the smoke gate scores these: each node generated a demo warehouse of its own, which the other cannot open
            metadata.put("sampleRows", DeploymentFixture.rows(5));
            JsonNode registered = multipart(nodeA, "/api/v1/models/" + model + "/versions", scientist, JSON.writeValueAsString(metadata), artifact);
            int copy = registered.get("number").asInt();
            JsonNode gated = await("the copy's gates").atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofSeconds(1))
                    .until(() -> call(nodeA, "GET", "/api/v1/models/" + model + "/versions/" + copy, scientist, null, 200),
                            v -> !Set.of("PENDING", "RUNNING").contains(v.get("gates").asString()));
            assertThat(gated.get("gates").asString()).as(gated.toString()).isEqualTo("PASSED");
            deployment = "plog-" + UUID.randomUUID().toString().substring(0, 8);
            Map<String, Object> request = new LinkedHashMap<>();
            request.put("versionId", gated.get("id").asString());
            request.put("name", deployment);
            request.put("environment", "STAGING");
            request.put("justification", "The prediction log's kill benchmark");
            call(nodeA, "POST", "/api/v1/deployments", scientist, request, 201);
            await("the deployment is live").atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofSeconds(1))
                    .until(() -> call(nodeA, "GET", "/api/v1/deployments/" + deployment, scientist, null, 200).toString().contains("\"LIVE\""));
            // both nodes answer (each loads the session on its first call)
            for (PortalProcess node : nodes) {
                call(node, "POST", "/api/v1/serving/" + deployment + "/predict", appToken, Map.of("rows", DeploymentFixture.rows(1)), 200);
            }
        }

        JsonNode call(PortalProcess node, String method, String path, String token, Object body, int expected) {
            try {
                HttpRequest.Builder r = HttpRequest.newBuilder(URI.create(node.baseUrl() + path)).timeout(Duration.ofSeconds(60))
                        .header("Authorization", "Bearer " + token)
                        .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)));
                if (body != null) {
                    r.header("Content-Type", "application/json");
                }
                HttpResponse<String> response = http.send(r.build(), HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() != expected) {
                    throw new AssertionError(method + " " + path + ": expected " + expected + ", got " + response.statusCode() + " " + response.body());
                }
                return response.body().isEmpty() ? JSON.missingNode() : JSON.readTree(response.body());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }

        byte[] download(PortalProcess node, String path, String token) throws Exception {
            HttpResponse<byte[]> response = http.send(HttpRequest.newBuilder(URI.create(node.baseUrl() + path))
                    .header("Authorization", "Bearer " + token).GET().build(), HttpResponse.BodyHandlers.ofByteArray());
            assertThat(response.statusCode()).isEqualTo(200);
            return response.body();
        }

        JsonNode multipart(PortalProcess node, String path, String token, String metadata, byte[] artifact) throws Exception {
            String boundary = "plog" + UUID.randomUUID().toString().replace("-", "");
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            out.write(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"metadata\"\r\nContent-Type: application/json\r\n\r\n"
                    + metadata + "\r\n").getBytes(StandardCharsets.UTF_8));
            out.write(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"artifact\"; filename=\"model.onnx\"\r\n"
                    + "Content-Type: application/octet-stream\r\n\r\n").getBytes(StandardCharsets.UTF_8));
            out.write(artifact);
            out.write(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(node.baseUrl() + path))
                    .header("Authorization", "Bearer " + token).header("Content-Type", "multipart/form-data; boundary=" + boundary)
                    .POST(HttpRequest.BodyPublishers.ofByteArray(out.toByteArray())).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
            return JSON.readTree(response.body());
        }

        Connection db() throws SQLException {
            return DriverManager.getConnection(jdbcBase + database, "postgres", "");
        }

        /** Which of the request ids have an entry in the prediction log. */
        Set<UUID> logged(Set<UUID> requests) throws SQLException {
            Set<UUID> found = new HashSet<>();
            List<UUID> all = new ArrayList<>(requests);
            try (Connection c = db(); PreparedStatement s = c.prepareStatement("select request_id from prediction_log where request_id = any (?)")) {
                for (int from = 0; from < all.size(); from += 1000) {
                    s.setArray(1, c.createArrayOf("uuid", all.subList(from, Math.min(all.size(), from + 1000)).toArray()));
                    try (ResultSet r = s.executeQuery()) {
                        while (r.next()) {
                            found.add(r.getObject(1, UUID.class));
                        }
                    }
                }
            }
            return found;
        }

        long duplicates() throws SQLException {
            try (Connection c = db(); ResultSet r = c.createStatement().executeQuery(
                    "select count(*) from (select request_id from prediction_log group by request_id having count(*) > 1) d")) {
                r.next();
                return r.getLong(1);
            }
        }

        Map<String, Long> rowsPerNode() throws SQLException {
            Map<String, Long> rows = new LinkedHashMap<>();
            try (Connection c = db(); ResultSet r = c.createStatement().executeQuery(
                    "select node, count(*) from prediction_log group by node order by node")) {
                while (r.next()) {
                    rows.put(r.getString(1), r.getLong(2));
                }
            }
            return rows;
        }

        @Override
        public void close() {
            try {
                nodes.forEach(PortalProcess::kill);
            } finally {
                oidc.shutdown();
            }
        }
    }

    /**
     * A PostgreSQL 15 server of the benchmark's own (initdb in {@code target/}, trust auth, as the
     * {@code postgres} user), so that restarting it disturbs no one else's run on the shared server.
     */
    static final class PrivatePostgres implements AutoCloseable {
        private static final Path BIN = Path.of("/usr/lib/postgresql/15/bin");
        private final Path data;
        private final int port;
        Duration lastRestart = Duration.ZERO;

        private PrivatePostgres(Path data, int port) {
            this.data = data;
            this.port = port;
        }

        static PrivatePostgres start(int port) throws Exception {
            if (!Files.isExecutable(BIN.resolve("pg_ctl")) || !"root".equals(System.getProperty("user.name"))) {
                return null;
            }
            Path base = Path.of("target", "plog-pg-" + System.currentTimeMillis()).toAbsolutePath();
            Files.createDirectories(base);
            run("chown", "postgres", base.toString());
            Path data = base.resolve("data");
            PrivatePostgres pg = new PrivatePostgres(data, port);
            if (pg.asPostgres(BIN.resolve("initdb").toString(), "-D", data.toString(), "-U", "postgres", "--auth=trust", "-E", "UTF8") != 0) {
                return null;
            }
            if (pg.pgCtl("start", "-w") != 0) {
                return null;
            }
            return pg;
        }

        void restart() {
            long started = System.nanoTime();
            int rc = pgCtl("restart", "-w", "-m", "fast");
            lastRestart = Duration.ofNanos(System.nanoTime() - started);
            System.out.println("PredictionLogKillBenchmark: pg_ctl restart exited " + rc + " after " + lastRestart.toMillis() + " ms");
        }

        private int pgCtl(String... args) {
            List<String> command = new ArrayList<>(List.of(BIN.resolve("pg_ctl").toString(), "-D", data.toString(), "-l",
                    data.resolveSibling("server.log").toString(), "-o", "-p " + port + " -k " + data.getParent() + " -c listen_addresses=127.0.0.1"));
            command.addAll(List.of(args));
            return asPostgres(command.toArray(String[]::new));
        }

        private int asPostgres(String... command) {
            List<String> full = new ArrayList<>(List.of("runuser", "-u", "postgres", "--"));
            full.addAll(List.of(command));
            return run(full.toArray(String[]::new));
        }

        private static int run(String... command) {
            try {
                Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
                return p.waitFor(120, TimeUnit.SECONDS) ? p.exitValue() : -1;
            } catch (IOException e) {
                return -1;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return -1;
            }
        }

        @Override
        public void close() {
            pgCtl("stop", "-w", "-m", "immediate");
        }
    }
}
