package io.esteira.deployments.shadow;

import io.esteira.deployments.DeploymentState;
import io.esteira.deployments.PredictionRecords.Channel;
import io.esteira.deployments.PredictionRecords.Outcome;
import io.esteira.deployments.ServedPredictions;
import io.esteira.deployments.domain.Deployment;
import io.esteira.deployments.domain.Deployments;
import io.esteira.deployments.predictions.PredictionLog;
import io.esteira.deployments.serving.LiveReleases;
import io.esteira.deployments.serving.OnlineServing;
import io.esteira.deployments.serving.ServedNotifier;
import io.esteira.shared.InvalidRequestException;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.annotation.PreDestroy;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Mirrors the calls a live release answered to its endpoint's shadow, off the caller's thread: the
 * shadow scores the same rows, its answer goes to the prediction log (channel SHADOW) and to
 * monitoring under the shadow's release, and is compared with the live answer. The caller has had
 * its answer before any of this starts, and never sees the shadow's. When the shadow cannot keep
 * up, mirrored calls are dropped (counted), never queued without bound.
 */
@Component
public class ShadowTraffic {

    private static final Logger log = LoggerFactory.getLogger(ShadowTraffic.class);
    static final int QUEUE = 1_000;

    private final Deployments deployments;
    private final LiveReleases releases;
    private final OnlineServing serving;
    private final PredictionLog predictionLog;
    private final ServedNotifier served;
    private final ShadowComparisons comparisons;
    private final MeterRegistry meters;
    private final ThreadPoolExecutor mirror;

    ShadowTraffic(Deployments deployments, LiveReleases releases, OnlineServing serving, PredictionLog predictionLog, ServedNotifier served,
            ShadowComparisons comparisons, MeterRegistry meters) {
        this.deployments = deployments;
        this.releases = releases;
        this.serving = serving;
        this.predictionLog = predictionLog;
        this.served = served;
        this.comparisons = comparisons;
        this.meters = meters;
        this.mirror = new ThreadPoolExecutor(1, 1, 0, TimeUnit.SECONDS, new ArrayBlockingQueue<>(QUEUE), r -> {
            Thread t = new Thread(r, "shadow-scoring");
            t.setDaemon(true);
            return t;
        }, (task, pool) -> meters.counter("esteira.serving.shadow.dropped").increment());
    }

    /** Hands an answered call to the endpoint's shadow, if it has one; returns at once. */
    public void mirror(Deployment answered, List<Map<String, Object>> rows, List<Map<String, Object>> answers, long liveMicros, Instant at) {
        List<Deployment> shadows = releases.of(Set.of(answered.getAreaId()), answered.getName(), DeploymentState.SHADOW,
                () -> deployments.findByNameAndAreaIdInAndState(answered.getName(), Set.of(answered.getAreaId()), DeploymentState.SHADOW));
        for (Deployment shadow : shadows) {
            mirror.execute(() -> score(shadow, rows, answers, liveMicros, at));
        }
    }

    private void score(Deployment shadow, List<Map<String, Object>> rows, List<Map<String, Object>> answers, long liveMicros, Instant at) {
        long started = System.nanoTime();
        Outcome outcome = Outcome.ERROR;
        String error = null;
        List<Map<String, Object>> predictions = null;
        try {
            OnlineServing.Loaded loaded = serving.session(shadow.getId(), shadow.getModelVersionId());
            try {
                OnlineServing.validate(loaded.signature(), rows);
            } catch (InvalidRequestException e) {
                outcome = Outcome.INVALID;
                throw e;
            }
            predictions = OnlineServing.predict(loaded, rows);
            outcome = Outcome.SUCCESS;
        } catch (RuntimeException e) {
            error = e.getMessage();
            log.debug("Shadow v{} of {} failed on a mirrored call: {}", shadow.getModelVersionNumber(), shadow.getName(), error);
        }
        long micros = (System.nanoTime() - started) / 1000;
        try {
            boolean kept = PredictionLog.sampled(shadow.getLogSamplePercent());
            predictionLog.record(new PredictionLog.Entry(UUID.randomUUID(), shadow.getId(), shadow.getAreaId(), shadow.getModelVersionId(),
                    shadow.getModelVersionNumber(), Channel.SHADOW, rows.size(), kept ? rows : null, kept ? predictions : null, outcome, error,
                    micros, at));
            if (outcome == Outcome.SUCCESS) {
                served.tell(new ServedPredictions.Served(shadow.getId(), shadow.getAreaId(), shadow.getModelVersionNumber(), rows, predictions,
                        at));
            }
            comparisons.add(shadow, ShadowComparisons.compare(answers, predictions), micros, liveMicros, at);
            meters.counter("esteira.serving.shadow.calls", "deployment", shadow.getName(), "outcome", outcome.name().toLowerCase())
                    .increment();
        } catch (RuntimeException e) {
            log.warn("A mirrored call of shadow v{} of {} could not be recorded: {}", shadow.getModelVersionNumber(), shadow.getName(),
                    e.getMessage());
        }
    }

    /** Mirrored calls still waiting (for tests and the serving figures). */
    int waiting() {
        return mirror.getQueue().size() + mirror.getActiveCount();
    }

    @PreDestroy
    void stop() {
        mirror.shutdown(); // no interrupt: a scoring may be recording (see StopSignal); queued calls are still mirrored
    }
}
