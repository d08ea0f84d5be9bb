package io.esteira.deployments;

import static io.esteira.support.Personas.DS_FRAUD;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.esteira.changes.Environment;
import io.esteira.deployments.serving.ServedNotifier;
import io.esteira.models.VersionView;
import io.esteira.support.IntegrationTest;
import java.lang.reflect.Field;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * Not a test: a measurement, run on demand with {@code ./mvnw test -Dtest=ProfilingOverheadBenchmark}.
 * What monitoring's live profiling costs sync serving: the demo model (a tier-3 copy in staging) is
 * called over HTTP on loopback at 250 one-row calls/s (open loop, as {@link SyncServingBenchmark}),
 * in alternating 30-second phases with profiling on and off ({@code -Desteira.bench.phases}, default
 * 6), so that both see the same machine; latencies of each mode are pooled. "Off" means the served
 * calls are told to no listener at all (the profiles' queue and sketches do nothing). Written to
 * target/benchmarks/profiling-overhead.txt.
 */
@IntegrationTest
class ProfilingOverheadBenchmark extends DeploymentFixture {

    static final int RATE = Integer.getInteger("esteira.bench.rate", 250);
    static final int PHASE_SECONDS = Integer.getInteger("esteira.bench.phaseSeconds", 30);
    static final int PHASES = Integer.getInteger("esteira.bench.phases", 6);

    @LocalServerPort
    int port;
    @Autowired
    ServedNotifier notifier;

    @Test
    void latencyWithProfilingOnAndOff() throws Exception {
        VersionView v = lowRiskCopy(1).getFirst();
        String name = unique("bench-profiling");
        DeploymentView release = personas.call(DS_FRAUD, () -> deployments.request(new DeploymentDraft(v.id(), name, Environment.STAGING,
                "Benchmark of live profiling's cost on online serving", null)));
        await().atMost(PATIENCE).until(() -> personas.call(DS_FRAUD, () -> deployments.get(release.id())).state() == DeploymentState.LIVE);
        String token = serviceToken(fraud, unique("bench-app"));
        byte[] body = JSON.writeValueAsBytes(Map.of("rows", rows(1)));
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).executor(Executors.newFixedThreadPool(8)).build();
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/api/v1/serving/" + name + "/predict"))
                .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build();

        SyncServingBenchmark.run(http, request, RATE, 20); // warm-up, profiling on
        Field listeners = ServedNotifier.class.getDeclaredField("listeners");
        listeners.setAccessible(true);
        Object profiled = listeners.get(notifier);
        assertThat(profiled).as("the monitoring listener is there").isNotNull();
        List<long[]> on = new ArrayList<>();
        List<long[]> off = new ArrayList<>();
        int errors = 0;
        for (int phase = 0; phase < PHASES; phase++) {
            boolean profiling = phase % 2 == 0;
            listeners.set(notifier, profiling ? profiled : List.of());
            SyncServingBenchmark.Result r = SyncServingBenchmark.run(http, request, RATE, PHASE_SECONDS);
            (profiling ? on : off).add(r.latencies());
            errors += r.errors();
        }
        listeners.set(notifier, profiled);
        SyncServingBenchmark.Result withProfiling = pooled(on);
        SyncServingBenchmark.Result without = pooled(off);
        String report = "Live profiling's cost on sync serving, demo model card_fraud, one row per call, " + RATE + " calls/s, embedded "
                + "target on H2, " + PHASES + " alternating phases of " + PHASE_SECONDS + " s, " + Instant.now() + "\ncores: "
                + Runtime.getRuntime().availableProcessors() + "\n"
                + line("profiling on ", withProfiling) + line("profiling off", without)
                + String.format("p50 %+.1f %%, p99 %+.1f %% with profiling; %d errors%n",
                        100 * (withProfiling.percentile(50) / without.percentile(50) - 1),
                        100 * (withProfiling.percentile(99) / without.percentile(99) - 1), errors);
        System.out.print(report);
        Path out = Path.of("target/benchmarks/profiling-overhead.txt");
        Files.createDirectories(out.getParent());
        Files.writeString(out, report);
        assertThat(report).contains("profiling off");
    }

    private static SyncServingBenchmark.Result pooled(List<long[]> phases) {
        long[] all = phases.stream().flatMapToLong(LongStream::of).toArray();
        Arrays.sort(all);
        return new SyncServingBenchmark.Result(all, 0, 0);
    }

    private static String line(String mode, SyncServingBenchmark.Result r) {
        return String.format("%s: p50 %.2f ms, p95 %.2f ms, p99 %.2f ms, max %.2f ms over %d calls%n", mode, r.percentile(50),
                r.percentile(95), r.percentile(99), r.percentile(100), r.latencies().length);
    }
}
