package io.esteira.deployments;

import jakarta.annotation.PreDestroy;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.json.JsonMapper;

/**
 * The prediction log: one row per call with its deployment, the version that answered, latency and
 * outcome; inputs and outputs for the deployment's sample of calls. Synchronous calls are written in
 * batches by a background writer (every {@code FLUSH_MILLIS}), so that logging adds no database round
 * trip to a prediction; when the buffer is full the caller writes its entry itself, so nothing is
 * dropped. Entries of a node that dies are lost for at most that interval. Asynchronous and batch
 * scoring write theirs in their own transaction ({@link #recordNow}).
 */
@Component
public class PredictionLog {

    private static final Logger log = LoggerFactory.getLogger(PredictionLog.class);
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final long FLUSH_MILLIS = 200;
    private static final int BATCH = 500;
    private static final String INSERT = "insert into prediction_log (id, request_id, deployment_id, area_id, model_version_id, "
            + "model_version_number, channel, row_count, inputs, outputs, outcome, error, latency_micros, node, created_at) "
            + "values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";

    public enum Channel { SYNC, ASYNC, BATCH }

    public enum Outcome { SUCCESS, INVALID, ERROR }

    /** A call. {@code inputs} and {@code outputs} are kept only when the call is in the sample. */
    public record Entry(UUID requestId, UUID deploymentId, UUID areaId, UUID versionId, int versionNumber, Channel channel, int rows,
            Object inputs, Object outputs, Outcome outcome, String error, long latencyMicros, Instant at) {
    }

    private final JdbcTemplate jdbc;
    private final TransactionTemplate tx;
    private final String node;
    private final BlockingQueue<Object[]> buffer = new ArrayBlockingQueue<>(20_000);
    private final List<Object[]> pending = new ArrayList<>(BATCH);
    private final ScheduledExecutorService writer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "prediction-log-writer");
        t.setDaemon(true);
        return t;
    });

    PredictionLog(JdbcTemplate jdbc, PlatformTransactionManager transactions, @Value("${esteira.node-id:local}") String node) {
        this.jdbc = jdbc;
        this.tx = new TransactionTemplate(transactions);
        this.tx.setPropagationBehavior(TransactionTemplate.PROPAGATION_REQUIRES_NEW);
        this.node = node;
        writer.scheduleWithFixedDelay(this::flushQuietly, FLUSH_MILLIS, FLUSH_MILLIS, TimeUnit.MILLISECONDS);
    }

    /** Whether a call of a deployment sampling {@code percent} of its calls keeps its inputs and outputs. */
    public static boolean sampled(int percent) {
        return percent >= 100 || (percent > 0 && ThreadLocalRandom.current().nextInt(100) < percent);
    }

    /** Logs a call in the background. */
    public void record(Entry entry) {
        Object[] row = row(entry);
        if (!buffer.offer(row)) {
            jdbc.update(INSERT, row);
        }
    }

    /** Logs a call now, in the caller's transaction. */
    public void recordNow(Entry entry) {
        jdbc.update(INSERT, row(entry));
    }

    /**
     * Writes what is buffered; for tests and shutdown. A batch the database refused (e.g. while it
     * restarts) is kept and written first the next time.
     */
    public synchronized void flush() {
        if (pending.isEmpty()) {
            buffer.drainTo(pending, BATCH);
        }
        while (!pending.isEmpty()) {
            tx.executeWithoutResult(status -> jdbc.batchUpdate(INSERT, pending)); // all or nothing, so that a retry writes no row twice
            pending.clear();
            buffer.drainTo(pending, BATCH);
        }
    }

    private void flushQuietly() {
        try {
            flush();
        } catch (RuntimeException e) {
            log.warn("Could not write the prediction log (will try again): {}", e.getMessage());
        }
    }

    private Object[] row(Entry e) {
        return new Object[] {UUID.randomUUID(), e.requestId(), e.deploymentId(), e.areaId(), e.versionId(), e.versionNumber(),
                e.channel().name(), e.rows(), json(e.inputs()), json(e.outputs()), e.outcome().name(),
                e.error() == null ? null : e.error().length() > 2000 ? e.error().substring(0, 2000) : e.error(), e.latencyMicros(), node,
                Timestamp.from(e.at())};
    }

    private static String json(Object value) {
        if (value == null) {
            return null;
        }
        String s = JSON.writeValueAsString(value);
        return s.length() > 1_000_000 ? null : s;
    }

    @PreDestroy
    void stop() {
        writer.shutdown();
        try {
            writer.awaitTermination(5, TimeUnit.SECONDS);
            flush();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            log.warn("Could not write the last prediction-log entries: {}", e.getMessage());
        }
    }
}
