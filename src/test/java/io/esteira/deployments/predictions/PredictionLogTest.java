package io.esteira.deployments.predictions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.esteira.deployments.PredictionRecords;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ExecutorService;
import java.util.stream.Stream;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DelegatingDataSource;

/**
 * The prediction log answers a call only once its entry is durable: committed in the database, or,
 * when the database refuses, forced to the node's spool and shipped exactly once when the database
 * takes it again, also by the next life of a node that died; a record cut short by a kill is skipped.
 * On an in-memory H2 database in PostgreSQL mode, as the portal runs it; the same scenarios run on
 * the real schema of H2 and PostgreSQL in {@link PredictionLogScenarios}.
 */
class PredictionLogTest {

    @TempDir
    Path spools;

    private Path spoolDir;

    private JdbcDataSource db;
    private JdbcTemplate jdbc;
    private Switchable writerSource;
    private final List<PredictionLog> logs = new ArrayList<>();

    /** A data source the test can take down, as a database that restarts. */
    static final class Switchable extends DelegatingDataSource {
        volatile boolean down;

        Switchable(javax.sql.DataSource target) {
            super(target);
        }

        @Override
        public Connection getConnection() throws SQLException {
            if (down) {
                throw new SQLException("the database system is shutting down (test)", "57P03");
            }
            return super.getConnection();
        }
    }

    @BeforeEach
    void database() {
        spoolDir = spools.resolve("node-a"); // spools of other nodes may be next to it
        db = new JdbcDataSource();
        db.setURL("jdbc:h2:mem:prediction-log-" + UUID.randomUUID() + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DB_CLOSE_DELAY=-1");
        jdbc = new JdbcTemplate(db);
        jdbc.execute("create table prediction_log (id uuid primary key, request_id uuid not null, deployment_id uuid not null, "
                + "area_id uuid not null, model_version_id uuid not null, model_version_number integer not null, channel varchar(8) not null, "
                + "row_count integer not null, inputs varchar(1000000), outputs varchar(1000000), outcome varchar(12) not null, "
                + "error varchar(2000), latency_micros bigint not null, node varchar(100) not null, created_at timestamp with time zone not null)");
        writerSource = new Switchable(db);
    }

    @AfterEach
    void stop() {
        logs.forEach(PredictionLog::stop);
    }

    private PredictionLog open() {
        PredictionLog log = new PredictionLog(jdbc, writerSource, spoolDir, "node-a", Duration.ofSeconds(10), Duration.ofHours(1));
        logs.add(log);
        return log;
    }

    @Test
    void an_entry_is_in_the_database_when_record_returns() {
        PredictionLog log = open();
        PredictionLog.Entry entry = entry();
        log.record(entry);
        assertThat(jdbc.queryForObject("select count(*) from prediction_log where request_id = ?", Integer.class, entry.requestId())).isOne();
        Map<String, Object> row = jdbc.queryForMap("select inputs, outcome, node, latency_micros from prediction_log where request_id = ?",
                entry.requestId());
        assertThat(row).containsEntry("outcome", "SUCCESS").containsEntry("node", "node-a").containsEntry("latency_micros", 850L);
        assertThat((String) row.get("inputs")).contains("amount");
        assertThat(log.spoolEmpty()).isTrue();
    }

    @Test
    void concurrent_calls_share_commits_and_every_one_is_in_the_database_when_it_returns() throws Exception {
        PredictionLog log = open();
        ExecutorService callers = Executors.newFixedThreadPool(32);
        try {
            List<CompletableFuture<UUID>> calls = new ArrayList<>();
            for (int i = 0; i < 2000; i++) {
                calls.add(CompletableFuture.supplyAsync(() -> {
                    PredictionLog.Entry e = entry();
                    log.record(e);
                    Integer n = jdbc.queryForObject("select count(*) from prediction_log where request_id = ?", Integer.class, e.requestId());
                    assertThat(n).as("in the database when record returned").isOne();
                    return e.requestId();
                }, callers));
            }
            CompletableFuture.allOf(calls.toArray(CompletableFuture[]::new)).get();
        } finally {
            callers.shutdown();
        }
        assertThat(jdbc.queryForObject("select count(*) from prediction_log", Integer.class)).isEqualTo(2000);
        assertThat(log.counts().committed()).isEqualTo(2000);
    }

    @Test
    void while_the_database_refuses_entries_are_spooled_and_shipped_exactly_once_when_it_is_back() throws Exception {
        PredictionLog log = open();
        writerSource.down = true;
        List<UUID> requests = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            PredictionLog.Entry e = entry();
            log.record(e); // answers: the entry is on disk
            requests.add(e.requestId());
        }
        assertThat(count()).as("nothing reached the database").isZero();
        assertThat(log.spoolEmpty()).isFalse();
        assertThat(log.counts().spooled()).isEqualTo(5);
        assertThatThrownBy(log::ship).as("still down: shipping fails and the spool stays");
        assertThat(log.spoolEmpty()).isFalse();

        // a copy of the spool, as a node that died after shipping it but before deleting it would leave it
        Path copy = Files.createTempDirectory("spool-copy");
        copySegments(spoolDir, copy);

        List<java.time.Instant> late = new java.util.concurrent.CopyOnWriteArrayList<>();
        log.onShipped(late::add);
        writerSource.down = false;
        assertThat(log.ship()).isEqualTo(5);
        assertThat(late).as("the cost ledger hears of the late entries").isNotEmpty();
        assertThat(log.ship()).isZero();
        assertThat(count()).isEqualTo(5);
        assertThat(log.spoolEmpty()).isTrue();

        copySegments(copy, spoolDir); // shipped again after a crash in the middle of shipping
        assertThat(log.ship()).isEqualTo(5);
        assertThat(count()).as("insert-if-absent: nothing twice").isEqualTo(5);
        assertThat(jdbc.queryForList("select request_id from prediction_log", UUID.class)).containsExactlyInAnyOrderElementsOf(requests);

        // and the database takes the next calls directly again, once the shipper saw it answer
        log.record(entry());
        assertThat(count()).isEqualTo(6);
    }

    @Test
    void a_spool_left_by_a_previous_life_is_shipped_at_start() {
        PredictionLog first = open();
        writerSource.down = true;
        for (int i = 0; i < 3; i++) {
            first.record(entry());
        }
        first.stop(); // the database is still down: the spool stays
        logs.remove(first);
        assertThat(count()).isZero();

        writerSource.down = false;
        PredictionLog second = new PredictionLog(jdbc, writerSource, spoolDir, "node-a", Duration.ofSeconds(10), Duration.ofMillis(200));
        logs.add(second);
        await().atMost(Duration.ofSeconds(10)).until(() -> count() == 3);
        await().atMost(Duration.ofSeconds(10)).until(second::spoolEmpty);
        assertThat(second.counts().shipped()).isEqualTo(3);
    }

    @Test
    void a_record_cut_short_by_a_kill_is_skipped_and_the_whole_ones_are_shipped() throws Exception {
        List<PredictionLog.Row> rows = List.of(row(), row(), row());
        try (PredictionSpool spool = new PredictionSpool(spoolDir)) {
            spool.append(rows.stream().map(PredictionLog.Row::bytes).toList());
        }
        Path segment = segments(spoolDir).getFirst();
        long size = Files.size(segment);
        try (var channel = java.nio.channels.FileChannel.open(segment, java.nio.file.StandardOpenOption.WRITE)) {
            channel.truncate(size - 7); // the node died in the middle of the third record
        }
        PredictionSpool.Contents contents = PredictionSpool.read(segment);
        assertThat(contents.records()).hasSize(2);
        assertThat(contents.unreadableBytes()).isPositive();

        PredictionLog log = open(); // ships what its previous life left as it starts, in the background
        log.ship(); // or now, whichever comes first: the rows are there once
        await().atMost(Duration.ofSeconds(10)).until(() -> count() == 2);
        assertThat(jdbc.queryForList("select id from prediction_log", UUID.class)).containsExactlyInAnyOrder(rows.get(0).id(), rows.get(1).id());
        await().atMost(Duration.ofSeconds(10)).until(() -> segments(spoolDir).isEmpty());
        assertThat(Files.exists(segment.resolveSibling(segment.getFileName() + ".damaged"))).as("kept aside for a person").isTrue();
    }

    @Test
    void a_damaged_record_in_the_middle_stops_the_reading_there() throws Exception {
        try (PredictionSpool spool = new PredictionSpool(spoolDir)) {
            spool.append(List.of(row().bytes(), row().bytes(), row().bytes()));
        }
        Path segment = segments(spoolDir).getFirst();
        byte[] bytes = Files.readAllBytes(segment);
        int second = 8 + PredictionSpool.read(segment).records().getFirst().length;
        bytes[second + 8 + 3] ^= 0x5a; // a flipped byte in the second record's payload
        Files.write(segment, bytes);
        PredictionSpool.Contents contents = PredictionSpool.read(segment);
        assertThat(contents.records()).hasSize(1);
        assertThat(contents.unreadableBytes()).isEqualTo(bytes.length - second);
    }

    @Test
    void a_spool_another_process_left_next_to_this_one_is_shipped_once_its_lock_is_free() throws Exception {
        List<PredictionLog.Row> rows = List.of(row(), row());
        PredictionSpool held = new PredictionSpool(spools.resolve("node-held")); // a live process holds its spool
        held.append(List.of(row().bytes()));
        try (PredictionSpool gone = new PredictionSpool(spools.resolve("node-gone"))) { // a process that died
            gone.append(rows.stream().map(PredictionLog.Row::bytes).toList());
        }
        java.nio.file.Files.createDirectories(spools.resolve("not-a-spool"));
        PredictionLog log = open(); // ships spools of gone processes as it starts, in the background
        log.ship(); // or now, whichever comes first
        await().atMost(Duration.ofSeconds(10)).until(() -> count() == 2);
        assertThat(jdbc.queryForList("select id from prediction_log", UUID.class)).containsExactlyInAnyOrder(rows.get(0).id(), rows.get(1).id());
        await().atMost(Duration.ofSeconds(10)).until(() -> segments(spools.resolve("node-gone")).isEmpty());
        assertThat(segments(spools.resolve("node-held"))).hasSize(1);
        held.close();
        assertThat(log.ship()).as("once its process is gone").isOne();
        assertThat(count()).isEqualTo(3);
    }

    @Test
    void a_second_process_cannot_take_the_same_spool() {
        open();
        assertThatThrownBy(() -> new PredictionSpool(spoolDir)).hasMessageContaining("Another process uses the prediction-log spool");
    }

    @Test
    void a_row_survives_the_spool_unchanged() {
        PredictionLog.Row row = row();
        assertThat(PredictionLog.Row.of(row.bytes())).isEqualTo(row);
    }

    private int count() {
        return jdbc.queryForObject("select count(*) from prediction_log", Integer.class);
    }

    private static List<Path> segments(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(f -> f.getFileName().toString().endsWith(PredictionSpool.SUFFIX)).sorted().toList();
        }
    }

    private static void copySegments(Path from, Path to) throws IOException {
        for (Path segment : segments(from)) {
            Files.copy(segment, to.resolve(segment.getFileName()), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        }
    }

    private static PredictionLog.Row row() {
        Instant at = Instant.now();
        return new PredictionLog.Row(UUID.randomUUID(), UUID.randomUUID(), UUID.randomUUID(), UUID.randomUUID(), UUID.randomUUID(), 1, "SYNC", 1,
                "[{\"amount\":12.5}]", null, "SUCCESS", null, 850, "node-a", at.getEpochSecond(), at.getNano());
    }

    private static PredictionLog.Entry entry() {
        return new PredictionLog.Entry(UUID.randomUUID(), UUID.randomUUID(), UUID.randomUUID(), UUID.randomUUID(), 1, PredictionRecords.Channel.SYNC, 1,
                List.of(Map.of("amount", 12.5)), List.of(Map.of("fraud_probability", 0.01)), PredictionRecords.Outcome.SUCCESS, null, 850,
                Instant.now());
    }
}
