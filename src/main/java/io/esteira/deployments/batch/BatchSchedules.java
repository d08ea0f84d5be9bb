package io.esteira.deployments.batch;

import io.esteira.deployments.DeploymentEvents.DeploymentStateChanged;
import io.esteira.deployments.DeploymentState;
import io.esteira.deployments.ServingMode;
import io.esteira.deployments.domain.BatchRelease;
import io.esteira.deployments.domain.BatchReleases;
import io.esteira.deployments.domain.Deployment;
import io.esteira.deployments.domain.Deployments;
import io.esteira.scheduling.BusinessCalendar;
import io.esteira.scheduling.ManagedSchedules;
import io.esteira.scheduling.ScheduleDefinitions;
import io.esteira.scheduling.ScheduleDraft;
import io.esteira.scheduling.ScheduleView;
import io.esteira.shared.InvalidRequestException;
import io.esteira.shared.security.SystemActor;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.OptimisticLockingFailureException;
import org.springframework.modulith.events.ApplicationModuleListener;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.stereotype.Component;

/**
 * The schedule of a batch endpoint, one for all its releases (the scheduling capability's, with its
 * run history, retries, misfires and alerts, its rows scored by {@link BatchScoring}): created paused
 * with the first release's request, so nothing runs before approval; active, with the spec of the
 * live release, while one is live; paused once none is (retired). It follows the endpoint's state, not
 * the order of the events, so a release going live and the one it replaces being retired leave it
 * active whichever is handled first.
 */
@Component
public class BatchSchedules {

    private static final Logger log = LoggerFactory.getLogger(BatchSchedules.class);
    /** A run's time limit: a batch reads a whole table. */
    static final int TIMEOUT_SECONDS = 3600;
    private static final Map<String, String> FIELDS = Map.of("sourceId", "batch.sourceId", "sql", "batch.sql", "targetTable",
            "batch.outputTable", "targetMode", "batch.outputTable", "cron", "batch.cron", "zone", "batch.zone", "calendar", "batch.calendar",
            "name", "name", "timeoutSeconds", "batch");

    private final ScheduleDefinitions scheduleDefinitions;
    private final ManagedSchedules managedSchedules;
    private final Deployments deployments;
    private final BatchReleases batches;
    private final TransactionTemplate tx;

    BatchSchedules(ScheduleDefinitions scheduleDefinitions, ManagedSchedules managedSchedules, Deployments deployments, BatchReleases batches,
            PlatformTransactionManager transactionManager) {
        this.scheduleDefinitions = scheduleDefinitions;
        this.managedSchedules = managedSchedules;
        this.deployments = deployments;
        this.batches = batches;
        this.tx = new TransactionTemplate(transactionManager);
        this.tx.setPropagationBehavior(TransactionTemplate.PROPAGATION_REQUIRES_NEW);
    }

    /** The schedule a batch release of the endpoint would run. */
    static ScheduleDraft draft(UUID areaId, String name, BatchRelease spec) {
        String input = spec.getFeatureGroup() != null ? "the feature group " + spec.getFeatureGroup() + " v" + spec.getFeatureGroupVersion()
                : "a query";
        return ScheduleDraft.replacing(areaId, "batch-" + name, "Batch scoring of the deployment " + name + ": " + input
                        + ", scored by its live release, replaces " + spec.getOutputTable() + " at each run",
                spec.getSourceId(), spec.getSql(), spec.getOutputTable(), spec.getCron(), spec.getZone(),
                BusinessCalendar.valueOf(spec.getCalendar()), TIMEOUT_SECONDS);
    }

    /** Checks the schedule a release would run, as the scheduling capability checks its own. */
    void check(ScheduleDraft draft) {
        try {
            scheduleDefinitions.check(draft);
        } catch (InvalidRequestException e) {
            throw asBatch(e);
        }
    }

    /** A release was requested: the endpoint's schedule is created, paused, unless the endpoint has one. */
    void requested(Deployment release, BatchRelease spec) {
        if (managedSchedules.managed(BatchScoring.subject(release.getAreaId(), release.getName())).isPresent()) {
            return; // it keeps scoring with the live release, and takes this release's spec when it goes live
        }
        try {
            managedSchedules.manage(BatchScoring.subject(release.getAreaId(), release.getName()),
                    draft(release.getAreaId(), release.getName(), spec), false);
        } catch (InvalidRequestException e) {
            throw asBatch(e);
        }
    }

    Optional<ScheduleView> of(UUID areaId, String name) {
        return managedSchedules.managed(BatchScoring.subject(areaId, name));
    }

    // The id it had in the module's root package, under which the event publication registry keeps the events not yet handled.
    @ApplicationModuleListener(id = "io.esteira.deployments.BatchSchedules.on(io.esteira.deployments.DeploymentEvents$DeploymentStateChanged)")
    void on(DeploymentStateChanged changed) {
        if (changed.to() != DeploymentState.LIVE && changed.to() != DeploymentState.RETIRED) {
            return;
        }
        deployments.findById(changed.deploymentId()).filter(d -> d.getMode() == ServingMode.BATCH)
                .ifPresent(d -> SystemActor.run(() -> follow(d.getAreaId(), d.getName())));
    }

    /**
     * Active with the live release's spec while the endpoint has one live, paused otherwise. A release
     * going live and the one it replaces being retired are handled at the same time: the one that loses
     * the race for the schedule's row reads the endpoint again, and usually finds nothing left to do.
     */
    public void follow(UUID areaId, String name) {
        for (int attempt = 1; ; attempt++) {
            try {
                tx.executeWithoutResult(s -> followNow(areaId, name));
                return;
            } catch (OptimisticLockingFailureException e) {
                if (attempt == 3) {
                    throw e;
                }
                log.debug("The schedule of {} changed meanwhile; reading it again", name);
            }
        }
    }

    private void followNow(UUID areaId, String name) {
        List<Deployment> releases = deployments.findByAreaIdAndNameOrderByRequestedAtDesc(areaId, name);
        Optional<Deployment> live = releases.stream().filter(d -> d.getState() == DeploymentState.LIVE)
                .min((a, b) -> Boolean.compare(a.getCanaryPercent() != null, b.getCanaryPercent() != null));
        // a rollback's release has no spec of its own: the newest one requested applies
        Optional<BatchRelease> spec = live.flatMap(d -> batches.findById(d.getId()))
                .or(() -> releases.stream().map(d -> batches.findById(d.getId())).flatMap(Optional::stream).findFirst());
        if (spec.isEmpty()) {
            log.warn("The batch deployment {} has no spec to schedule", name);
            return;
        }
        ScheduleView schedule = managedSchedules.manage(BatchScoring.subject(areaId, name), draft(areaId, name, spec.get()), live.isPresent());
        log.info("Batch deployment {}: schedule {} is {}", name, schedule.name(), schedule.state());
    }

    /** The scheduling capability's refusal, its fields named as the deployment's ({@code batch.cron}, ...). */
    static InvalidRequestException asBatch(InvalidRequestException e) {
        Map<String, String> fields = new LinkedHashMap<>();
        e.fieldErrors().forEach((field, message) -> fields.put(FIELDS.getOrDefault(field, "batch." + field), message));
        return new InvalidRequestException(e.getMessage(), fields);
    }
}
