package io.esteira.deployments;

import static io.esteira.support.Personas.DS_FRAUD;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.esteira.changes.Environment;
import io.esteira.models.VersionView;
import io.esteira.support.IntegrationTest;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * Not a test: a measurement, run on demand with {@code ./mvnw test -Dtest=SyncServingBenchmark}.
 * The portal on the embedded default (H2) serves the demo model {@code card_fraud} (a tier-3 copy, so
 * that its staging release is a standard change) over HTTP on loopback, called with an area token and
 * one row per call, the way an authorisation flow calls it. Open loop: calls are sent at a fixed rate
 * ({@code -Desteira.bench.rates=250,500}) whatever the answers do, and each latency is measured from
 * the moment the call was due, so a stall counts against every call it delays. 20 s of warm-up, then
 * 60 s measured per rate ({@code -Desteira.bench.seconds}). The load generator runs in the same JVM
 * (2 cores here): the figures include its cost. Written to target/benchmarks/sync-serving.txt.
 */
@IntegrationTest
class SyncServingBenchmark extends DeploymentFixture {

    static final int SECONDS = Integer.getInteger("esteira.bench.seconds", 60);
    static final int WARMUP_SECONDS = Integer.getInteger("esteira.bench.warmupSeconds", 20);

    @LocalServerPort
    int port;

    @Test
    void latencyOfOneRowCallsAtFixedRates() throws Exception {
        VersionView v = lowRiskCopy(1).getFirst();
        String name = unique("bench-sync");
        DeploymentView release = personas.call(DS_FRAUD, () -> deployments.request(new DeploymentDraft(v.id(), name, Environment.STAGING,
                "Benchmark of online serving on the embedded target", null)));
        await().atMost(PATIENCE).until(() -> personas.call(DS_FRAUD, () -> deployments.get(release.id())).state() == DeploymentState.LIVE);
        String token = serviceToken(fraud, unique("bench-app"));
        byte[] body = JSON.writeValueAsBytes(Map.of("rows", rows(1)));
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .executor(Executors.newFixedThreadPool(8)).build();
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/api/v1/serving/" + name + "/predict"))
                .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build();

        StringBuilder report = new StringBuilder("Sync serving, demo model card_fraud, one row per call, embedded target on H2, " + Instant.now()
                + "\ncores: " + Runtime.getRuntime().availableProcessors() + "\n");
        run(http, request, 250, WARMUP_SECONDS); // warm-up: JIT, ONNX Runtime, connection pool
        for (String rate : System.getProperty("esteira.bench.rates", "250,500").split(",")) {
            Result r = run(http, request, Integer.parseInt(rate.strip()), SECONDS);
            String line = String.format("%4d calls/s offered, %7.1f answered/s: p50 %.2f ms, p95 %.2f ms, p99 %.2f ms, max %.2f ms, %d errors of %d",
                    Integer.parseInt(rate.strip()), r.throughput, r.percentile(50), r.percentile(95), r.percentile(99), r.percentile(100), r.errors,
                    r.latencies.length);
            System.out.println(line);
            report.append(line).append('\n');
        }
        Path out = Path.of("target/benchmarks/sync-serving.txt");
        Files.createDirectories(out.getParent());
        Files.writeString(out, report);
        assertThat(report).contains("calls/s");
    }

    record Result(long[] latencies, int errors, double throughput) {
        double percentile(double p) {
            if (latencies.length == 0) {
                return Double.NaN;
            }
            int i = (int) Math.min(latencies.length - 1, Math.ceil(p / 100.0 * latencies.length) - 1);
            return latencies[Math.max(0, i)] / 1_000_000.0;
        }
    }

    /** Calls at a fixed rate for the given seconds (open loop); each latency counts from when its call was due. */
    static Result run(HttpClient http, HttpRequest request, int rate, int seconds) throws Exception {
        int total = rate * seconds;
        long interval = 1_000_000_000L / rate;
        ConcurrentLinkedQueue<Long> latencies = new ConcurrentLinkedQueue<>();
        AtomicInteger errors = new AtomicInteger();
        List<CompletableFuture<?>> calls = new ArrayList<>(total);
        long start = System.nanoTime();
        for (int i = 0; i < total; i++) {
            long due = start + i * interval;
            long wait = due - System.nanoTime();
            if (wait > 0) {
                LockSupport.parkNanos(wait);
            }
            calls.add(http.sendAsync(request, HttpResponse.BodyHandlers.ofString()).whenComplete((response, failure) -> {
                latencies.add(System.nanoTime() - due);
                if (failure != null || response.statusCode() != 200) {
                    errors.incrementAndGet();
                }
            }));
        }
        CompletableFuture.allOf(calls.toArray(CompletableFuture[]::new)).get(2, TimeUnit.MINUTES);
        double elapsed = (System.nanoTime() - start) / 1e9;
        long[] sorted = latencies.stream().mapToLong(Long::longValue).toArray();
        Arrays.sort(sorted);
        return new Result(sorted, errors.get(), total / elapsed);
    }
}
