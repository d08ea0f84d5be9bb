package io.esteira.features;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * A load generator for online lookups, run as its own process (JDK only, no portal classes): it
 * sends {@code GET /api/v1/feature-groups/{group}/online?entity=N} at a fixed rate, open loop, and
 * measures each latency from the moment the request was due, so a slow answer cannot hide the
 * queue behind it.
 *
 * <pre>java -cp target/test-classes io.esteira.features.OnlineLoad BASE_URL TOKEN GROUP RPS SECONDS WARMUP_SECONDS ENTITIES</pre>
 */
public final class OnlineLoad {

    private OnlineLoad() {
    }

    public static void main(String[] args) throws Exception {
        String base = args[0];
        String token = args[1];
        String group = args[2];
        int rps = Integer.parseInt(args[3]);
        int seconds = Integer.parseInt(args[4]);
        int warmup = Integer.parseInt(args[5]);
        int entities = Integer.parseInt(args[6]);
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();
        run(client, base, token, group, rps, warmup, entities, 1);
        Result result = run(client, base, token, group, rps, seconds, entities, 2);
        long[] sorted = result.latencies().clone();
        Arrays.sort(sorted);
        System.out.printf("LOAD %d requests at %d/s for %d s (after %d s warm-up), %d errors, achieved %.1f requests/s%n",
                sorted.length, rps, seconds, warmup, result.errors(), sorted.length / result.elapsedSeconds());
        System.out.printf("LOAD latency p50 %.2f ms, p95 %.2f ms, p99 %.2f ms, max %.2f ms%n",
                percentile(sorted, 0.50), percentile(sorted, 0.95), percentile(sorted, 0.99), sorted[sorted.length - 1] / 1e6);
    }

    record Result(long[] latencies, int errors, double elapsedSeconds) {
    }

    private static Result run(HttpClient client, String base, String token, String group, int rps, int seconds, int entities, long seed)
            throws InterruptedException {
        int total = rps * seconds;
        long[] latencies = new long[total];
        AtomicInteger errors = new AtomicInteger();
        SplittableRandom random = new SplittableRandom(seed);
        long interval = 1_000_000_000L / rps;
        long start = System.nanoTime();
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < total; i++) {
                long due = start + i * interval;
                long wait = due - System.nanoTime();
                if (wait > 0) {
                    LockSupport.parkNanos(wait);
                }
                int index = i;
                int entity = 1 + random.nextInt(entities);
                pool.execute(() -> {
                    HttpRequest request = HttpRequest.newBuilder(URI.create(base + "/api/v1/feature-groups/" + group + "/online?entity=" + entity))
                            .header("Authorization", "Bearer " + token).timeout(Duration.ofSeconds(10)).GET().build();
                    try {
                        HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
                        if (response.statusCode() != 200) {
                            errors.incrementAndGet();
                        }
                    } catch (Exception e) {
                        errors.incrementAndGet();
                    }
                    latencies[index] = System.nanoTime() - due;
                });
            }
            pool.shutdown();
            pool.awaitTermination(1, TimeUnit.MINUTES);
        }
        return new Result(latencies, errors.get(), (System.nanoTime() - start) / 1e9);
    }

    private static double percentile(long[] sorted, double p) {
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(p * sorted.length) - 1)] / 1e6;
    }
}
