package io.esteira.deployments.async;

import io.esteira.deployments.DeploymentState;
import io.esteira.deployments.Prediction;
import io.esteira.deployments.PredictionRecords.Channel;
import io.esteira.deployments.PredictionRecords.Outcome;
import io.esteira.deployments.ServedPredictions;
import io.esteira.deployments.domain.Deployment;
import io.esteira.deployments.domain.Deployments;
import io.esteira.deployments.predictions.PredictionLog;
import io.esteira.deployments.serving.OnlineServing;
import io.esteira.deployments.serving.ServedNotifier;
import io.esteira.deployments.serving.TrafficSplit;
import io.esteira.shared.InvalidRequestException;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.dao.DataAccessException;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.core.type.TypeReference;

/**
 * Carries out queued asynchronous predictions, one at a time per calling worker: claims one, scores
 * it with the release it was queued for (or, when that one was retired meanwhile, with the
 * endpoint's live release), and finishes it, its prediction-log entry and its callback in one
 * transaction whose conditional update succeeds only while the claim holds, so that each request is
 * finished and logged exactly once, whichever nodes took it. A claim lapses after {@code lease}; a
 * request whose node stopped is taken again, and given up after {@code maxAttempts} attempts.
 */
@Component
class AsyncScoring {

    private static final Logger log = LoggerFactory.getLogger(AsyncScoring.class);
    private static final TypeReference<List<Map<String, Object>>> ROWS = new TypeReference<>() {
    };
    /** Candidates read per look at the queue; workers try them in random order, so that they rarely race for the same one. */
    private static final int CANDIDATES = 16;
    private static final Duration DEPTH_REFRESH = Duration.ofSeconds(5);

    private final AsyncQueue queue;
    private final Deployments deployments;
    private final OnlineServing serving;
    private final PredictionLog predictionLog;
    private final ServedNotifier served;
    private final AsyncCallbacks callbacks;
    private final TransactionTemplate tx;
    private final MeterRegistry meters;
    private final Duration lease;
    private final int maxAttempts;
    private final AtomicLong depth = new AtomicLong();
    private volatile Instant depthReadAt = Instant.EPOCH;
    private final Clock clock;

    AsyncScoring(AsyncQueue queue, Deployments deployments, OnlineServing serving, PredictionLog predictionLog, AsyncCallbacks callbacks,
            PlatformTransactionManager transactions, MeterRegistry meters, ServedNotifier served,
            @Value("${esteira.serving.async.lease:PT30S}") Duration lease,
            @Value("${esteira.serving.async.max-attempts:3}") int maxAttempts, Clock clock) {
        this.clock = clock;
        this.queue = queue;
        this.deployments = deployments;
        this.serving = serving;
        this.predictionLog = predictionLog;
        this.callbacks = callbacks;
        this.tx = new TransactionTemplate(transactions);
        this.meters = meters;
        this.served = served;
        this.lease = lease;
        this.maxAttempts = maxAttempts;
        Gauge.builder("esteira.serving.async.queued", this, AsyncScoring::waiting)
                .description("Asynchronous prediction requests waiting for a worker, all nodes").register(meters);
    }

    /** A request this worker holds: the claim that must still hold when it is finished. */
    record Claim(UUID requestId, UUID claimId) {
    }

    /**
     * Takes one request that is waiting (or whose node stopped) and carries it out.
     *
     * @param holding told of the claim before the work starts and after it ends (null), so that a stopping pool can put back what it holds
     * @return whether there was one to take
     */
    boolean takeOne(String node, java.util.function.Consumer<Claim> holding, java.util.function.Consumer<Claim> released) {
        List<UUID> candidates = new ArrayList<>(queue.claimable(clock.instant(), CANDIDATES));
        Collections.shuffle(candidates, ThreadLocalRandom.current());
        for (UUID id : candidates) {
            Instant now = clock.instant();
            Claim claim = new Claim(id, UUID.randomUUID());
            if (queue.claim(id, node, claim.claimId(), now, now.plus(lease), maxAttempts)) {
                holding.accept(claim);
                try {
                    score(claim);
                } finally {
                    released.accept(claim);
                }
                return true;
            }
            if (giveUpIfExhausted(id, node, claim.claimId(), now)) {
                return true;
            }
        }
        return false;
    }

    /** Puts back a request a stopping node could not finish. */
    void release(Claim claim) {
        if (queue.release(claim.requestId(), claim.claimId())) {
            log.info("Asynchronous prediction {} put back in the queue: this node is stopping", claim.requestId());
        }
    }

    private void score(Claim claim) {
        long started = System.nanoTime();
        AsyncQueue.Request r = queue.find(claim.requestId()).orElse(null);
        if (r == null) {
            return;
        }
        if (r.startedAt() != null) {
            meters.timer("esteira.serving.async.wait", "deployment", r.endpoint()).record(Duration.between(r.createdAt(), r.startedAt()));
        }
        Deployment queuedFor = deployments.findById(r.deploymentId()).orElseThrow();
        Deployment release = answering(queuedFor);
        if (release == null) {
            finish(r, claim, queuedFor, AsyncQueue.State.FAILED, Outcome.ERROR, null, null, "The deployment " + r.endpoint()
                    + " has no live release any more: v" + queuedFor.getModelVersionNumber() + ", which it was queued for, is "
                    + queuedFor.getState() + (queuedFor.getRetiredReason() == null ? "" : " (" + queuedFor.getRetiredReason() + ")"), started);
            return;
        }
        List<Map<String, Object>> rows = null;
        try {
            rows = AsyncPredictions.JSON.readValue(r.inputRows(), ROWS);
            OnlineServing.Loaded loaded = serving.session(release.getId(), release.getModelVersionId());
            // the release that answers may not be the one the rows were checked against
            OnlineServing.validate(loaded.signature(), rows);
            List<Map<String, Object>> predictions = OnlineServing.predict(loaded, rows);
            meters.counter("esteira.serving.rows", "deployment", release.getName()).increment(rows.size());
            finish(r, claim, release, AsyncQueue.State.DONE, Outcome.SUCCESS, rows, predictions, null, started);
        } catch (InvalidRequestException e) {
            finish(r, claim, release, AsyncQueue.State.FAILED, Outcome.INVALID, rows, null, "v" + release.getModelVersionNumber()
                    + " answers this deployment now, and the rows do not fit it: " + e.getMessage(), started);
        } catch (DataAccessException e) {
            // the database, not the request: the claim lapses and a worker tries again, up to the attempts allowed
            log.warn("Asynchronous prediction {} could not be carried out (attempt {}; taken again when its lease lapses): {}", r.id(),
                    r.attempts(), e.getMessage());
        } catch (RuntimeException e) {
            finish(r, claim, release, AsyncQueue.State.FAILED, Outcome.ERROR, rows, null, e.getMessage() == null ? e.toString() : e.getMessage(),
                    started);
        }
    }

    /** The release queued for while it is live; else the endpoint's live release now (the canary split applies); null when none is. */
    private Deployment answering(Deployment queuedFor) {
        if (queuedFor.getState() == DeploymentState.LIVE) {
            return queuedFor;
        }
        List<Deployment> live = deployments.findByAreaIdAndNameOrderByRequestedAtDesc(queuedFor.getAreaId(), queuedFor.getName()).stream()
                .filter(d -> d.getState() == DeploymentState.LIVE).toList();
        return live.isEmpty() ? null : TrafficSplit.pick(live, ThreadLocalRandom.current().nextInt(100));
    }

    private boolean giveUpIfExhausted(UUID id, String node, UUID claimId, Instant now) {
        Boolean gaveUp;
        try {
            gaveUp = tx.execute(status -> giveUpIn(id, node, claimId, now, true));
        } catch (RuntimeException e) {
            log.warn("The callback of asynchronous prediction {} could not be queued; giving it up without: {}", id, e.getMessage());
            gaveUp = tx.execute(status -> giveUpIn(id, node, claimId, now, false));
        }
        if (Boolean.TRUE.equals(gaveUp)) {
            log.warn("Asynchronous prediction {} given up after {} attempts", id, maxAttempts);
            meters.counter("esteira.serving.async.given-up").increment();
            return true;
        }
        return false;
    }

    private boolean giveUpIn(UUID id, String node, UUID claimId, Instant now, boolean withCallback) {
        AsyncQueue.Request before = queue.find(id).orElse(null);
        String reason = "Given up after " + maxAttempts + " attempts: the node" + (maxAttempts > 1 ? "s" : "") + " carrying it out stopped"
                + " before finishing it (the last: " + (before == null ? "?" : before.claimedBy()) + ")";
        if (before == null || !queue.giveUp(id, node, claimId, now, maxAttempts, reason)) {
            return false;
        }
        AsyncQueue.Request r = queue.find(id).orElseThrow();
        Deployment d = deployments.findById(r.deploymentId()).orElseThrow();
        predictionLog.recordNow(new PredictionLog.Entry(r.id(), d.getId(), d.getAreaId(), d.getModelVersionId(), d.getModelVersionNumber(),
                Channel.ASYNC, r.rowCount(), null, null, Outcome.ERROR, reason, 0, now));
        if (withCallback && r.callback() != null) {
            callbacks.send(r);
        }
        return true;
    }

    private void finish(AsyncQueue.Request r, Claim claim, Deployment release, AsyncQueue.State state, Outcome outcome,
            List<Map<String, Object>> rows, List<Map<String, Object>> predictions, String error, long startedNanos) {
        String result = predictions == null ? null : AsyncPredictions.JSON.writeValueAsString(new Prediction(r.id(), release.getName(),
                release.getModelName(), release.getModelVersionNumber(), predictions));
        long micros = (System.nanoTime() - startedNanos) / 1000;
        boolean kept = PredictionLog.sampled(release.getLogSamplePercent());
        PredictionLog.Entry entry = new PredictionLog.Entry(r.id(), release.getId(), release.getAreaId(), release.getModelVersionId(),
                release.getModelVersionNumber(), Channel.ASYNC, r.rowCount(), kept ? rows : null, kept ? predictions : null, outcome, error,
                micros, clock.instant());
        Boolean finished;
        try {
            finished = tx.execute(status -> finishIn(status, r, claim, release, state, result, error, entry, true));
        } catch (RuntimeException e) {
            if (r.callback() == null) {
                throw e;
            }
            log.warn("The callback of asynchronous prediction {} could not be queued; finishing it without: {}", r.id(), e.getMessage());
            finished = tx.execute(status -> finishIn(status, r, claim, release, state, result, error, entry, false));
        }
        if (Boolean.TRUE.equals(finished)) {
            meters.timer("esteira.serving.async.predictions", "deployment", r.endpoint(), "outcome", outcome.name().toLowerCase())
                    .record(Duration.ofNanos(micros * 1000));
            if (outcome == Outcome.SUCCESS) {
                served.tell(new ServedPredictions.Served(release.getId(), release.getAreaId(), release.getModelVersionNumber(), rows,
                        predictions, entry.at()));
            }
        } else {
            log.info("Asynchronous prediction {} was taken over by another worker after its lease lapsed; this result is dropped", r.id());
        }
    }

    private boolean finishIn(org.springframework.transaction.TransactionStatus status, AsyncQueue.Request r, Claim claim, Deployment release,
            AsyncQueue.State state, String result, String error, PredictionLog.Entry entry, boolean withCallback) {
        if (!queue.finish(r.id(), claim.claimId(), state, result, error, release.getId(), release.getModelVersionNumber(), entry.at())) {
            status.setRollbackOnly();
            return false;
        }
        predictionLog.recordNow(entry);
        if (withCallback && r.callback() != null) {
            callbacks.send(queue.find(r.id()).orElseThrow());
        }
        return true;
    }

    private double waiting() {
        Instant now = clock.instant();
        if (depthReadAt.plus(DEPTH_REFRESH).isBefore(now)) {
            depthReadAt = now;
            try {
                depth.set(queue.waiting());
            } catch (RuntimeException e) {
                // the last figure stands until the database answers again
            }
        }
        return depth.get();
    }
}
