package io.esteira.features;

import static io.esteira.support.Personas.ADMIN;
import static io.esteira.support.Personas.DS_CREDIT;
import static org.awaitility.Awaitility.await;

import io.esteira.areas.AreaService;
import io.esteira.areas.AreaSummary;
import io.esteira.features.ColumnInfo.Kind;
import io.esteira.identity.ApiTokenService;
import io.esteira.identity.TokenRequest;
import io.esteira.support.Personas;
import io.esteira.support.PostgresIntegrationTest;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;

/**
 * Not a test: a measurement, run on demand with {@code ./mvnw test -Dtest=OnlineLookupBenchmark}.
 * The portal runs on PostgreSQL; a source table of 1,000,000 customers × 50 features (generated
 * once in the database esteira_bench_source) is registered, published and refreshed into the online
 * table; then a second process ({@link OnlineLoad}) looks up one random customer at a time at
 * 200 requests/s over loopback for a minute and reports p50/p95/p99. The report is also written to
 * target/benchmarks/online-lookup.txt.
 */
@PostgresIntegrationTest
class OnlineLookupBenchmark {

    static final int ENTITIES = 1_000_000;
    static final int FEATURES = 50;
    static final String DATABASE = "esteira_bench_source";

    @Autowired
    FeatureGroupService groups;
    @Autowired
    FeatureRefresher refresher;
    @Autowired
    DataSourceService sources;
    @Autowired
    AreaService areas;
    @Autowired
    ApiTokenService tokens;
    @Autowired
    Personas personas;
    @Autowired
    io.esteira.support.SourceGrantsForTests grants;
    @Value("${local.server.port}")
    int port;

    @Test
    void onlineLookupOfOneEntityWithFiftyFeatures() throws Exception {
        List<String> report = new ArrayList<>();
        String url = prepareSource(report);
        String[] reader = io.esteira.support.ScratchReader.of(new String[] {url, "postgres", ""}, "bench");
        UUID credit = personas.call(ADMIN, areas::myAreas).stream().filter(a -> a.code().equals("CREDIT")).map(AreaSummary::id)
                .findFirst().orElseThrow();
        DataSourceSummary source = personas.call(ADMIN, () -> sources.create(new DataSourceDraft("bench features " + UUID.randomUUID(), "",
                url, "org.postgresql.Driver", reader[1], reader[2], Classification.SOT, null)));
        grants.toEveryArea(source.id());
        String name = "bench_customer_features_" + UUID.randomUUID().toString().substring(0, 6);
        List<FeatureDraft> features = IntStream.rangeClosed(1, FEATURES)
                .mapToObj(i -> new FeatureDraft(feature(i), Kind.NUMBER, "Feature " + i, null, false, false, null, null, List.of())).toList();
        long start = System.nanoTime();
        FeatureGroupView group = personas.call(DS_CREDIT, () -> groups.register(new FeatureGroupDraft(credit, name, "Benchmark", List.of(),
                source.id(), SourceQuery.table("bench", "customer_features"), List.of("customer_id"), "event_time", features)));
        await().atMost(Duration.ofMinutes(15)).pollInterval(Duration.ofSeconds(2)).until(() -> !List.of("PENDING", "RUNNING")
                .contains(personas.call(DS_CREDIT, () -> groups.get(group.id())).versions().getFirst().statisticsState()));
        report.add(String.format("statistics of %d columns over %,d rows: %d s", FEATURES + 2, ENTITIES, seconds(start)));
        start = System.nanoTime();
        personas.run(DS_CREDIT, () -> groups.publish(group.id(), 1));
        await().atMost(Duration.ofMinutes(30)).pollInterval(Duration.ofSeconds(2)).until(() -> personas.call(DS_CREDIT,
                () -> refresher.refreshes(group.id(), 1)).stream().anyMatch(r -> !r.state().equals("RUNNING")));
        RefreshView refresh = personas.call(DS_CREDIT, () -> refresher.refreshes(group.id(), 1)).getFirst();
        report.add(String.format("first refresh (validation and materialization of %,d entities): %d s, %s", refresh.entities(),
                seconds(start), refresh.state()));

        String token = personas.call(DS_CREDIT, () -> tokens.create(new TokenRequest("bench", null, LocalDate.now().plusDays(1), false))).secret();
        Process load = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
                Path.of("target/test-classes").toAbsolutePath().toString(), OnlineLoad.class.getName(), "http://127.0.0.1:" + port, token, name,
                "200", "60", "15", String.valueOf(ENTITIES)).redirectErrorStream(true).start();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(load.getInputStream(), StandardCharsets.UTF_8))) {
            out.lines().forEach(report::add);
        }
        load.waitFor();
        report.forEach(line -> System.out.println("BENCH " + line));
        Files.createDirectories(Path.of("target/benchmarks"));
        Files.write(Path.of("target/benchmarks/online-lookup.txt"), report);
    }

    /** The source table, generated once: deterministic values with two decimals, like amounts. */
    private static String prepareSource(List<String> report) throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:5432/postgres", "postgres", "");
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("select count(*) from pg_database where datname = '" + DATABASE + "'")) {
            rs.next();
            if (rs.getLong(1) == 0) {
                s.execute("create database " + DATABASE);
            }
        }
        String url = "jdbc:postgresql://127.0.0.1:5432/" + DATABASE;
        try (Connection c = DriverManager.getConnection(url, "postgres", ""); Statement s = c.createStatement()) {
            s.execute("create schema if not exists bench");
            try (ResultSet rs = s.executeQuery("select count(*) from information_schema.tables where table_schema = 'bench' and table_name = 'customer_features'")) {
                rs.next();
                if (rs.getLong(1) == 1) {
                    return url;
                }
            }
            long start = System.nanoTime();
            String columns = IntStream.rangeClosed(1, FEATURES)
                    .mapToObj(i -> "round(((g::bigint * " + (7919 + i * 104729L) + ") % 100000) / 100.0, 2) as " + feature(i))
                    .collect(Collectors.joining(", "));
            s.execute("create table bench.customer_features as select g as customer_id, "
                    + "timestamp with time zone '2026-01-01 00:00:00+00' + (g % 86400) * interval '1 second' as event_time, " + columns
                    + " from generate_series(1, " + ENTITIES + ") g");
            s.execute("analyze bench.customer_features");
            report.add(String.format("source table of %,d rows × %d features generated in %d s", ENTITIES, FEATURES, seconds(start)));
        }
        return url;
    }

    private static String feature(int i) {
        return String.format("f%02d", i);
    }

    private static long seconds(long start) {
        return Duration.ofNanos(System.nanoTime() - start).toSeconds();
    }
}
