package io.esteira.deployments.async;

import static io.esteira.deployments.DeploymentFixture.rows;
import static io.esteira.deployments.DeploymentFixture.unique;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.esteira.deployments.ServingMode;
import io.esteira.support.PostgresIntegrationTest;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Value;

/**
 * Not a test: a measurement, run on demand with
 * {@code ./mvnw test -Dtest=AsyncServingBenchmark -Desteira.it.database=async_bench}. The portal in
 * this JVM on a fresh PostgreSQL database, an approved ONLINE_ASYNC deployment of the demo model;
 * {@code esteira.bench.requests} requests (default 2,000) of {@code esteira.bench.rows} rows each
 * (default 1) are submitted over HTTP on the loopback by {@code esteira.bench.clients} concurrent
 * clients (default 8), after a warm-up of 200. Throughput is the requests divided by the time from
 * the first submission until the last request is DONE; the submission rate and the submission
 * latency (p50/p99) are reported too. Then the workers alone: the pool is stopped, as many requests
 * are queued, the pool is started again, and the backlog's drain rate is reported. Workers per node: {@code -Desteira.serving.async.workers=N}
 * (default 2). The figures go to target/benchmarks/async-throughput.txt, with the machine's load.
 */
@PostgresIntegrationTest
class AsyncServingBenchmark extends AsyncServingFixture {

    static final int REQUESTS = Integer.getInteger("esteira.bench.requests", 2000);
    static final int ROWS = Integer.getInteger("esteira.bench.rows", 1);
    static final int CLIENTS = Integer.getInteger("esteira.bench.clients", 8);
    static final int WARMUP = 200;

    @Value("${local.server.port}")
    int port;
    @Value("${esteira.serving.async.workers}")
    int workerCount;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @Test
    void asyncThroughput() throws Exception {
        String token = serviceToken(fraud, unique("fraud-bench"));
        String name = unique("fraud-async-bench");
        live(name, ServingMode.ONLINE_ASYNC);
        String body = JSON.writeValueAsString(Map.of("rows", rows(ROWS)));

        run(name, token, body, WARMUP, true);
        double load = ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
        Instant from = Instant.now();
        long[] submitMicros = run(name, token, body, REQUESTS, true);
        Duration submitted = Duration.ofNanos(submitMicros[REQUESTS]);
        long firstToDone = submitMicros[REQUESTS + 1];
        Arrays.sort(submitMicros, 0, REQUESTS);
        double seconds = firstToDone / 1e9;

        // the workers alone: a backlog queued while they are stopped, then drained
        workers.stop();
        run(name, token, body, REQUESTS, false);
        long drainStart = System.nanoTime();
        long done0 = doneCount(name);
        workers.start();
        await("the backlog drained").atMost(Duration.ofMinutes(10)).pollInterval(Duration.ofMillis(10))
                .until(() -> doneCount(name) >= done0 + REQUESTS);
        double drained = (System.nanoTime() - drainStart) / 1e9;
        String report = String.format("async throughput: %d requests of %d row(s), %d HTTP clients on loopback, %d workers, PostgreSQL: "
                        + "%.0f requests/s from the first submission until all DONE (%.2f s); submitted at %.0f requests/s "
                        + "(submission p50 %.2f ms, p99 %.2f ms); a backlog of %d drained by the workers alone at %.0f requests/s (%.2f s); "
                        + "1-minute load before %.2f on %d cores; measured %s",
                REQUESTS, ROWS, CLIENTS, workerCount, REQUESTS / seconds, seconds, REQUESTS / (submitted.toNanos() / 1e9),
                submitMicros[REQUESTS / 2] / 1000.0, submitMicros[(int) (REQUESTS * 0.99)] / 1000.0, REQUESTS, REQUESTS / drained, drained, load,
                Runtime.getRuntime().availableProcessors(), from.truncatedTo(ChronoUnit.SECONDS));
        System.out.println("AsyncServingBenchmark: " + report);
        Files.createDirectories(Path.of("target", "benchmarks"));
        Files.writeString(Path.of("target", "benchmarks", "async-throughput.txt"), report + "\n");
        assertThat(jdbc.queryForObject("select count(*) from prediction_log where channel = 'ASYNC' and deployment_id in "
                + "(select id from deployment where name = ?)", Long.class, name)).isEqualTo(WARMUP + 2L * REQUESTS);
    }

    /**
     * Submits n requests with the clients and (with {@code await}) waits until all are DONE.
     *
     * @return each submission's latency in µs, then the nanoseconds the submissions took, then those until all were DONE
     */
    private long[] run(String name, String token, String body, int n, boolean awaitDone) throws Exception {
        long done0 = doneCount(name);
        long[] micros = new long[n + 2];
        AtomicInteger next = new AtomicInteger();
        long start = System.nanoTime();
        try (ExecutorService clients = Executors.newFixedThreadPool(CLIENTS)) {
            List<Future<?>> running = new ArrayList<>();
            for (int c = 0; c < CLIENTS; c++) {
                running.add(clients.submit(() -> {
                    for (int i = next.getAndIncrement(); i < n; i = next.getAndIncrement()) {
                        long t = System.nanoTime();
                        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
                                        + "/api/v1/serving/" + name + "/predict-async")).header("Authorization", "Bearer " + token)
                                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                                HttpResponse.BodyHandlers.ofString());
                        micros[i] = (System.nanoTime() - t) / 1000;
                        if (r.statusCode() != 202) {
                            throw new IllegalStateException(r.statusCode() + " " + r.body());
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> f : running) {
                f.get();
            }
        }
        micros[n] = System.nanoTime() - start;
        if (!awaitDone) {
            return micros;
        }
        await("all done").atMost(Duration.ofMinutes(10)).pollInterval(Duration.ofMillis(10)).until(() -> doneCount(name) - done0 >= n);
        micros[n + 1] = System.nanoTime() - start;
        return micros;
    }

    private long doneCount(String name) {
        return jdbc.queryForObject("select count(*) from async_prediction where endpoint = ? and state = 'DONE'", Long.class, name);
    }
}
