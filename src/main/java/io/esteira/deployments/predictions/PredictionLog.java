package io.esteira.deployments.predictions;

import com.zaxxer.hikari.HikariDataSource;
import io.esteira.deployments.PredictionRecords.Channel;
import io.esteira.deployments.PredictionRecords.Outcome;
import jakarta.annotation.PreDestroy;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.json.JsonMapper;

/**
 * The prediction log: one row per call with its deployment, the version that answered, latency and
 * outcome; inputs and outputs for the deployment's sample of calls. It is monitoring's source and a
 * mandatory log of the bank, so a synchronous call is answered only once its entry is durable.
 *
 * <p><b>The guarantee.</b> When {@link #record} returns, the entry is either committed in the portal's
 * database or forced to disk ({@code fsync}) in this node's local spool ({@code esteira.prediction-log.spool-dir});
 * a spooled entry reaches the database exactly once, when the database takes it again, or at the next
 * start of a portal on the same spool directory. So an answered call is in the log even if its node is
 * killed the next instant, and serving keeps answering while the database restarts. When neither the
 * database nor the disk takes the entry within {@code esteira.prediction-log.answer-timeout}, {@code record}
 * throws and the call is answered as failed: the log is never behind an answer. This holds for what the
 * stores promise: PostgreSQL with {@code synchronous_commit} on (its default), a local disk that honours
 * {@code fsync}. The embedded H2 database writes its commits to its file within about a second (its write
 * delay), so on the embedded default a kill can lose the last second of committed rows, as any other row.
 * Lost with the node's disk itself is what was spooled on it and not yet shipped.
 *
 * <p><b>How.</b> Group commit: callers put their entries on a queue and wait; one writer thread takes
 * whatever has queued (up to {@value #BATCH}) and inserts it in one transaction on a small pool of its
 * own (which fails fast, rather than waiting the main pool's 30 s for a connection), then answers
 * every caller of the batch. Under low load a call waits about one insert and commit; under high load
 * many calls share one commit. When the insert fails, the writer appends the batch to the spool,
 * forces it to disk and answers the callers; from then on it spools directly, without waiting for the
 * database, until a shipper thread (every {@code esteira.prediction-log.ship-interval}) finds the
 * database answering again. The shipper writes the spooled entries to the database, segment by segment,
 * and deletes a segment once its entries are committed. Every row carries the id it was given before
 * it was first written, and every insert is insert-if-absent ({@code on conflict do nothing} on
 * PostgreSQL, {@code merge … key (id)} on H2), so an entry that the database committed although the
 * writer saw an error, or a segment shipped again after a crash in the middle of shipping, is never
 * written twice. At start-up the shipper ships what a previous life of the node left in the spool, and
 * any node ships the spools left next to its own by processes that are gone (the spool directory's
 * lock is free: e.g. a node re-created under another name on a shared volume, or one that never came
 * back). A
 * record cut short by a kill in the middle of an append (it was never answered) is skipped and the
 * segment kept aside as {@code *.damaged}; rows the database refuses for good (a constraint) are kept
 * in {@code rejected.spool-rejected} and logged as errors.
 *
 * <p>Asynchronous and batch scoring write their entries in their own transaction ({@link #recordNow}).
 */
@Component
public class PredictionLog {

    private static final Logger log = LoggerFactory.getLogger(PredictionLog.class);
    private static final JsonMapper JSON = JsonMapper.builder().build();
    static final int BATCH = 500;
    private static final String COLUMNS = "id, request_id, deployment_id, area_id, model_version_id, "
            + "model_version_number, channel, row_count, inputs, outputs, outcome, error, latency_micros, node, created_at";
    private static final String VALUES = "values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
    private static final String INSERT = "insert into prediction_log (" + COLUMNS + ") " + VALUES;

    /** A call. {@code inputs} and {@code outputs} are kept only when the call is in the sample. */
    public record Entry(UUID requestId, UUID deploymentId, UUID areaId, UUID versionId, int versionNumber, Channel channel, int rows,
            Object inputs, Object outputs, Outcome outcome, String error, long latencyMicros, Instant at) {
    }

    /** A row as written to the database and to the spool, with the id it keeps wherever it goes. */
    record Row(UUID id, UUID requestId, UUID deploymentId, UUID areaId, UUID versionId, int versionNumber, String channel, int rows,
            String inputs, String outputs, String outcome, String error, long latencyMicros, String node, long atSeconds, int atNanos) {

        Object[] values() {
            Instant at = Instant.ofEpochSecond(atSeconds, atNanos);
            return new Object[] {id, requestId, deploymentId, areaId, versionId, versionNumber, channel, rows, inputs, outputs, outcome, error,
                    latencyMicros, node, Timestamp.from(at)};
        }

        byte[] bytes() {
            return JSON.writeValueAsBytes(this);
        }

        static Row of(byte[] bytes) {
            return JSON.readValue(bytes, Row.class);
        }
    }

    private record Pending(Row row, CompletableFuture<Void> durable) {
    }

    private volatile Consumer<Instant> onShipped = at -> { };
    private final JdbcTemplate jdbc;
    private final DataSource writerSource;
    private final JdbcTemplate writerJdbc;
    private final TransactionTemplate writerTx;
    private final PredictionSpool spool;
    private final String node;
    private final Duration answerTimeout;
    private final BlockingQueue<Pending> queue = new LinkedBlockingQueue<>(20_000);
    private final Thread writer;
    private final ScheduledExecutorService shipper = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "prediction-log-shipper");
        t.setDaemon(true);
        return t;
    });
    private final AtomicLong committed = new AtomicLong();
    private final AtomicLong spooled = new AtomicLong();
    private final AtomicLong shipped = new AtomicLong();
    private volatile String upsert;
    private volatile boolean databaseDown;
    private volatile boolean stopping;

    @Autowired
    PredictionLog(JdbcTemplate jdbc, DataSource portal,
            @Value("${esteira.prediction-log.spool-dir:${esteira.data-dir}/prediction-log-spool/${esteira.node-id:local}}") String spoolDir,
            @Value("${esteira.node-id:local}") String node,
            @Value("${esteira.prediction-log.answer-timeout:PT30S}") Duration answerTimeout,
            @Value("${esteira.prediction-log.ship-interval:PT0.5S}") Duration shipInterval) {
        this(jdbc, writerPool(portal), Path.of(spoolDir), node, answerTimeout, shipInterval);
    }

    /**
     * @param jdbc         the portal's database, for {@link #recordNow} in the caller's transaction
     * @param writerSource where the writer and the shipper write (a pool of their own that fails fast)
     */
    PredictionLog(JdbcTemplate jdbc, DataSource writerSource, Path spoolDir, String node, Duration answerTimeout, Duration shipInterval) {
        this.jdbc = jdbc;
        this.writerSource = writerSource;
        this.writerJdbc = new JdbcTemplate(writerSource);
        this.writerJdbc.setQueryTimeout(10);
        this.writerTx = new TransactionTemplate(new DataSourceTransactionManager(writerSource));
        this.spool = new PredictionSpool(spoolDir);
        this.node = node;
        this.answerTimeout = answerTimeout;
        this.writer = Thread.ofPlatform().name("prediction-log-writer").daemon().start(this::write);
        // the first run ships what a previous life of this node left in the spool
        shipper.scheduleWithFixedDelay(this::shipQuietly, 0, shipInterval.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** A small pool of its own on the portal's database (the URL as the portal's pool resolved it) that fails within a second. */
    private static DataSource writerPool(DataSource portal) {
        if (!(portal instanceof HikariDataSource main)) {
            return portal;
        }
        HikariDataSource pool = new HikariDataSource();
        pool.setPoolName("prediction-log");
        pool.setJdbcUrl(main.getJdbcUrl());
        pool.setUsername(main.getUsername());
        pool.setPassword(main.getPassword());
        if (main.getDriverClassName() != null) {
            pool.setDriverClassName(main.getDriverClassName());
        }
        pool.setMaximumPoolSize(2);
        pool.setMinimumIdle(1);
        pool.setConnectionTimeout(1000); // a database that does not answer within a second: spool
        pool.setValidationTimeout(500);
        pool.setInitializationFailTimeout(-1); // start even when the database is not there yet
        io.esteira.shared.jdbc.ConnectionLoss.evictAllOnConnectionLoss(pool);
        return pool;
    }

    /** Whether a call of a deployment sampling {@code percent} of its calls keeps its inputs and outputs. */
    public static boolean sampled(int percent) {
        return percent >= 100 || (percent > 0 && ThreadLocalRandom.current().nextInt(100) < percent);
    }

    /**
     * Logs a call and returns once its entry is durable: committed in the database, or forced to this
     * node's spool (see the class description).
     *
     * @throws IllegalStateException when the entry could not be made durable; the call must then not be answered as a success
     */
    public void record(Entry entry) {
        Pending pending = new Pending(row(entry), new CompletableFuture<>());
        if (stopping) {
            persist(List.of(pending)); // after shutdown began: this thread writes it itself
        } else {
            try {
                if (!queue.offer(pending, answerTimeout.toMillis(), TimeUnit.MILLISECONDS)) {
                    throw new IllegalStateException("The prediction log is full; the call's entry was not taken");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("Interrupted while logging the call", e);
            }
        }
        try {
            pending.durable().get(answerTimeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while logging the call", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("The call's entry could not be logged: " + e.getCause().getMessage(), e.getCause());
        } catch (TimeoutException e) {
            throw new IllegalStateException("The call's entry was not durable within " + answerTimeout);
        }
    }

    /** Logs a call now, in the caller's transaction. */
    public void recordNow(Entry entry) {
        jdbc.update(INSERT, row(entry).values());
    }

    /** How many entries this node wrote to the database directly, spooled, and shipped from the spool since it started. */
    record Counts(long committed, long spooled, long shipped) {
    }

    Counts counts() {
        return new Counts(committed.get(), spooled.get(), shipped.get());
    }

    Path spoolDir() {
        return spool.dir();
    }

    boolean spoolEmpty() {
        return spool.isEmpty();
    }

    private void write() {
        List<Pending> batch = new ArrayList<>(BATCH);
        while (true) {
            Pending first;
            try {
                first = queue.poll(100, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                first = null;
                stopping = true;
            }
            if (first == null) {
                if (stopping && queue.isEmpty()) {
                    return;
                }
                continue;
            }
            batch.add(first);
            queue.drainTo(batch, BATCH - 1);
            try {
                persist(batch);
            } catch (Throwable e) { // the writer must outlive anything: its callers fail, the next ones are served
                log.error("The prediction-log writer failed on {} entries: their calls fail", batch.size(), e);
                batch.forEach(p -> p.durable().completeExceptionally(e));
            }
            batch.clear();
        }
    }

    /** Makes a batch durable, in the database or else in the spool, and answers its callers. */
    private void persist(List<Pending> batch) {
        if (!databaseDown) {
            try {
                insert(batch.stream().map(Pending::row).toList());
                committed.addAndGet(batch.size());
                batch.forEach(p -> p.durable().complete(null));
                return;
            } catch (RuntimeException e) {
                databaseDown = true;
                log.warn("The database did not take {} prediction-log entries ({}); they and the next ones go to the spool {} until it does",
                        batch.size(), e.getMessage(), spool.dir());
            }
        }
        try {
            spool.append(batch.stream().map(p -> p.row().bytes()).toList());
            spooled.addAndGet(batch.size());
            batch.forEach(p -> p.durable().complete(null));
        } catch (IOException | RuntimeException e) {
            log.error("Could not spool {} prediction-log entries: their calls fail", batch.size(), e);
            batch.forEach(p -> p.durable().completeExceptionally(e));
        }
    }

    /** Inserts rows in one transaction of the writer's pool, each only if no row has its id. */
    private void insert(List<Row> rows) {
        String sql = upsert();
        writerTx.executeWithoutResult(status -> writerJdbc.batchUpdate(sql, rows.stream().map(Row::values).toList()));
    }

    private String upsert() {
        String sql = upsert;
        if (sql == null) {
            String product;
            try (Connection c = writerSource.getConnection()) {
                product = c.getMetaData().getDatabaseProductName();
            } catch (SQLException e) {
                throw new org.springframework.dao.DataAccessResourceFailureException("Cannot reach the database: " + e.getMessage(), e);
            }
            sql = product.toLowerCase().contains("h2") ? "merge into prediction_log (" + COLUMNS + ") key (id) " + VALUES
                    : INSERT + " on conflict do nothing";
            upsert = sql;
        }
        return sql;
    }

    private void shipQuietly() {
        try {
            ship();
        } catch (RuntimeException e) {
            log.debug("Prediction-log spool not shipped yet: {}", e.getMessage());
        }
    }

    /**
     * Writes every spooled entry to the database (skipping those it has already) and removes the
     * segments; for tests and shutdown, and every ship interval in the background.
     *
     * @return how many entries were shipped
     * @throws RuntimeException when the database refuses; what was not shipped stays in the spool
     */
    synchronized int ship() {
        if (databaseDown) {
            writerJdbc.queryForObject("select 1", Integer.class);
            log.info("The database answers again: prediction-log entries go to it, and the spool is shipped");
            databaseDown = false;
        }
        int total = ship(spool, spool.seal());
        if (total > 0) {
            log.info("Shipped {} spooled prediction-log entries to the database", total);
        }
        int adopted = adoptOrphans();
        return total + adopted;
    }

    /**
     * Ships the spools that other processes left next to this node's and no live process holds (a node
     * that died and came back under another name, e.g. a re-created container on a shared volume, or
     * never came back). A directory is taken only when it has a {@code .lock} and segments, and its lock
     * is free: a live node holds its own for its whole life.
     */
    private int adoptOrphans() {
        Path root = spool.dir().getParent();
        if (root == null || !Files.isDirectory(root)) {
            return 0;
        }
        List<Path> candidates;
        try (Stream<Path> dirs = Files.list(root)) {
            candidates = dirs.filter(d -> !d.equals(spool.dir()) && Files.isDirectory(d) && Files.exists(d.resolve(".lock")) && hasSegments(d))
                    .toList();
        } catch (IOException e) {
            return 0;
        }
        int total = 0;
        for (Path dir : candidates) {
            PredictionSpool orphan;
            try {
                orphan = new PredictionSpool(dir);
            } catch (RuntimeException e) {
                continue; // a live process holds it
            }
            try {
                int n = ship(orphan, orphan.seal());
                if (n > 0) {
                    log.info("Shipped {} prediction-log entries that another process left in its spool {}", n, dir);
                }
                total += n;
            } finally {
                orphan.close();
            }
        }
        return total;
    }

    private static boolean hasSegments(Path dir) {
        try (Stream<Path> files = Files.list(dir)) {
            return files.anyMatch(f -> f.getFileName().toString().endsWith(PredictionSpool.SUFFIX));
        } catch (IOException e) {
            return false;
        }
    }

    private int ship(PredictionSpool from, List<Path> segments) {
        int total = 0;
        for (Path segment : segments) {
            PredictionSpool.Contents contents;
            try {
                contents = PredictionSpool.read(segment);
            } catch (IOException e) {
                throw new IllegalStateException("Cannot read the prediction-log spool segment " + segment, e);
            }
            if (contents.unreadableBytes() > 0) {
                log.warn("Prediction-log spool segment {} ends with {} bytes that are not a whole record (a node stopped while writing it; "
                        + "no answered call's entry); its {} whole records are shipped and the segment kept as *.damaged",
                        segment, contents.unreadableBytes(), contents.records().size());
            }
            List<byte[]> records = contents.records();
            for (int i = 0; i < records.size(); i += BATCH) {
                List<byte[]> chunk = records.subList(i, Math.min(records.size(), i + BATCH));
                shipChunk(chunk, from);
            }
            try {
                from.remove(segment, contents.unreadableBytes());
            } catch (IOException e) {
                throw new IllegalStateException("Cannot remove the shipped spool segment " + segment, e);
            }
            total += records.size();
            shipped.addAndGet(records.size());
        }
        return total;
    }

    /**
     * Tells {@code listener} the time of the earliest entry of every chunk shipped from a spool: entries
     * that reach the database late, e.g. so that the cost ledger rates their hour again.
     */
    public void onShipped(Consumer<Instant> listener) {
        this.onShipped = listener;
    }

    private void shipped(List<Row> rows) {
        try {
            rows.stream().map(r -> Instant.ofEpochSecond(r.atSeconds(), r.atNanos())).min(Instant::compareTo).ifPresent(onShipped);
        } catch (RuntimeException e) {
            log.warn("Shipped prediction-log entries not reported as late: {}", e.getMessage());
        }
    }

    private void shipChunk(List<byte[]> chunk, PredictionSpool from) {
        List<Row> rows = chunk.stream().map(Row::of).toList();
        try {
            insert(rows);
        } catch (RuntimeException e) {
            writerJdbc.queryForObject("select 1", Integer.class); // the database is down: throw, keep the spool as it is
            // the database answers but refuses the chunk: find the rows it refuses for good, keep them aside, ship the rest
            List<byte[]> refused = new ArrayList<>();
            for (int i = 0; i < rows.size(); i++) {
                try {
                    insert(List.of(rows.get(i)));
                } catch (RuntimeException rowError) {
                    writerJdbc.queryForObject("select 1", Integer.class);
                    log.error("The database refuses the spooled prediction-log entry {} of request {}: kept in {}", rows.get(i).id(),
                            rows.get(i).requestId(), from.dir(), rowError);
                    refused.add(chunk.get(i));
                }
            }
            if (!refused.isEmpty()) {
                try {
                    from.reject(refused);
                } catch (IOException io) {
                    throw new IllegalStateException("Cannot keep refused prediction-log entries aside", io);
                }
            }
        }
        shipped(rows);
    }

    private Row row(Entry e) {
        return new Row(UUID.randomUUID(), e.requestId(), e.deploymentId(), e.areaId(), e.versionId(), e.versionNumber(), e.channel().name(),
                e.rows(), json(e.inputs()), json(e.outputs()), e.outcome().name(),
                e.error() == null ? null : e.error().length() > 2000 ? e.error().substring(0, 2000) : e.error(), e.latencyMicros(), node,
                e.at().getEpochSecond(), e.at().getNano());
    }

    private static String json(Object value) {
        if (value == null) {
            return null;
        }
        String s = JSON.writeValueAsString(value);
        return s.length() > 1_000_000 ? null : s;
    }

    /** Writes what is queued, ships what it can of the spool; what the database does not take stays in the spool for the next start. */
    @PreDestroy
    void stop() {
        stopping = true;
        shipper.shutdown();
        try {
            writer.join(Duration.ofSeconds(10));
            shipper.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        List<Pending> left = new ArrayList<>();
        queue.drainTo(left);
        if (!left.isEmpty()) {
            persist(left);
        }
        try {
            ship();
        } catch (RuntimeException e) {
            log.warn("Prediction-log spool {} not shipped at shutdown ({}); it is shipped at the next start", spool.dir(), e.getMessage());
        }
        spool.close();
        if (writerSource instanceof HikariDataSource pool && "prediction-log".equals(pool.getPoolName())) {
            pool.close();
        }
    }
}
