package io.esteira.workspaces;

import io.esteira.areas.AreaEvents.MemberRemoved;
import io.esteira.costs.Held;
import io.esteira.costs.IdleCheck;
import io.esteira.costs.IdleTime;
import io.esteira.costs.ResourceShape;
import io.esteira.shared.Trace;
import io.esteira.workspaces.ReconciliationReport.Correction;
import io.esteira.workspaces.ReconciliationReport.Orphan;
import io.esteira.workspaces.WorkspaceEvents.OrphansFound;
import io.esteira.workspaces.WorkspaceEvents.WorkspaceLifetimeEnding;
import io.esteira.workspaces.WorkspaceLifecycle.Operation;
import io.esteira.workspaces.domain.Workspace;
import io.esteira.workspaces.domain.WorkspaceState;
import io.esteira.workspaces.domain.Workspaces;
import io.esteira.workspaces.provisioning.Activity;
import io.esteira.workspaces.provisioning.Provisioner;
import io.esteira.workspaces.provisioning.ProvisioningException;
import io.esteira.workspaces.provisioning.RuntimeInstance;
import io.esteira.workspaces.provisioning.RuntimeStatus;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.event.EventListener;
import org.springframework.modulith.events.ApplicationModuleListener;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The platform's care of workspaces: stops idle ones (never one with a busy kernel), warns before
 * and enforces the maximum lifetime, and reconciles the portal's records with what the provisioners
 * really run, at start-up and at every check. Quartz calls it; see {@code jobs}.
 */
@Component
public class WorkspaceHousekeeping {

    private static final Logger log = LoggerFactory.getLogger(WorkspaceHousekeeping.class);

    private final Workspaces workspaces;
    private final WorkspaceLifecycle lifecycle;
    private final Provisioners provisioners;
    private final IdleTime idleTime;
    private final ApplicationEventPublisher events;
    private final TransactionTemplate tx;
    private final Duration lifetimeWarning;
    private final Duration readyTimeout;
    private final AtomicReference<ReconciliationReport> lastReport = new AtomicReference<>(ReconciliationReport.none());
    private final Set<String> reportedOrphans = ConcurrentHashMap.newKeySet();
    private final java.util.concurrent.locks.ReentrantLock reconciling = new java.util.concurrent.locks.ReentrantLock();
    private final Clock clock;

    WorkspaceHousekeeping(Workspaces workspaces, WorkspaceLifecycle lifecycle, Provisioners provisioners, IdleTime idleTime,
            ApplicationEventPublisher events, PlatformTransactionManager transactionManager,
            @Value("${esteira.workspaces.lifetime-warning:PT30M}") Duration lifetimeWarning,
            @Value("${esteira.workspaces.ready-timeout:PT3M}") Duration readyTimeout, Clock clock) {
        this.clock = clock;
        this.readyTimeout = readyTimeout;
        this.workspaces = workspaces;
        this.lifecycle = lifecycle;
        this.provisioners = provisioners;
        this.idleTime = idleTime;
        this.events = events;
        this.tx = new TransactionTemplate(transactionManager);
        this.lifetimeWarning = lifetimeWarning;
    }

    @EventListener(ApplicationReadyEvent.class)
    void reconcileAtStart() {
        try {
            reconcile();
        } catch (RuntimeException e) {
            log.error("Reconciling workspaces at start-up failed; the next check tries again", e);
        }
    }

    /**
     * Reads activity of running workspaces, records their idle time (see {@link IdleTime}), stops the idle
     * and the expired, warns of lifetimes about to end.
     */
    public void checkActivity(Instant now) {
        for (Workspace w : workspaces.findByStateIn(Set.of(WorkspaceState.RUNNING))) {
            if (!lifecycle.managedHere(w) || lifecycle.isInFlight(w.getId())) {
                continue;
            }
            Activity activity = activityOf(w);
            try {
                tx.executeWithoutResult(s -> workspaces.findById(w.getId())
                        .filter(ws -> ws.getState() == WorkspaceState.RUNNING)
                        .ifPresent(ws -> care(ws, activity, now)));
            } catch (RuntimeException e) {
                log.warn("Cannot check workspace {}; the next check tries again", w.getId(), e);
            }
        }
    }

    private void care(Workspace w, Activity activity, Instant now) {
        w.recordActivity(activity.lastActivity(), activity.busyKernels());
        ResourceShape shape = new ResourceShape(w.getVcpu(), w.getMemoryGib(), w.getGpuType(), w.getGpuCount(), w.getDiskGib());
        idleTime.seen(new IdleCheck(w.getAreaId(), w.getId(), w.getName(), w.getOwnerId(), w.getOwnerName(), Held.compute(shape),
                activity.lastActivity() == null ? null : w.getLastActivityAt(), activity.busyKernels(), now));
        Trace system = Trace.system(clock);
        if (!now.isBefore(w.getExpiresAt())) {
            idleTime.ended(w.getId(), now, "stopped: maximum lifetime");
            lifecycle.transition(w, WorkspaceState.STOPPING, "reached its maximum lifetime of " + w.getMaxLifetimeHours() + " h", system);
            lifecycle.afterCommit(w.getId(), Operation.STOP, system);
            return;
        }
        boolean idleKnown = activity.lastActivity() != null;
        Duration idle = Duration.between(w.getLastActivityAt(), now);
        if (idleKnown && activity.busyKernels() == 0 && idle.toMinutes() >= w.getIdleTimeoutMinutes()) {
            idleTime.ended(w.getId(), now, "stopped when idle");
            lifecycle.transition(w, WorkspaceState.STOPPING, "idle for " + idle.toMinutes() + " min (limit " + w.getIdleTimeoutMinutes() + " min)", system);
            lifecycle.afterCommit(w.getId(), Operation.STOP, system);
            return;
        }
        if (w.getLifetimeWarnedAt() == null && !now.isBefore(w.getExpiresAt().minus(lifetimeWarning))) {
            w.lifetimeWarned(now);
            events.publishEvent(new WorkspaceLifetimeEnding(w.getId(), w.getAreaId(), w.getName(), w.getOwnerUsername(),
                    w.getExpiresAt().toString(), system));
        }
        workspaces.saveAndFlush(w);
    }

    private Activity activityOf(Workspace w) {
        try {
            return lifecycle.provisioner(w).activity(WorkspaceLifecycle.spec(w), WorkspaceLifecycle.ref(w));
        } catch (ProvisioningException e) {
            return new Activity(null, 0);
        }
    }

    /**
     * Reads back the real state of every workspace this node manages and corrects the records;
     * resumes steps that a restart interrupted; reports runtimes that no workspace owns.
     */
    public ReconciliationReport reconcile() {
        reconciling.lock();
        try {
            return reconcileNow();
        } finally {
            reconciling.unlock();
        }
    }

    private ReconciliationReport reconcileNow() {
        List<Correction> corrections = new ArrayList<>();
        Set<UUID> known = new HashSet<>();
        int checked = 0;
        for (Workspace w : workspaces.findByStateNot(WorkspaceState.DELETED)) {
            known.add(w.getId());
            if (!lifecycle.managedHere(w) || lifecycle.isInFlight(w.getId()) || maybeUnderWayElsewhere(w)) {
                continue;
            }
            checked++;
            try {
                reconcile(w).ifPresent(corrections::add);
            } catch (org.springframework.dao.OptimisticLockingFailureException e) {
                log.info("Workspace {} changed while it was reconciled; the next check looks again", w.getId());
            } catch (RuntimeException e) {
                log.warn("Cannot reconcile workspace {}; the next check tries again", w.getId(), e);
            }
        }
        List<Orphan> orphans = new ArrayList<>();
        for (Provisioner p : provisioners.all()) {
            if (!p.availability().available()) {
                continue;
            }
            try {
                for (RuntimeInstance instance : p.inventory()) {
                    if (instance.workspaceId() == null || !known.contains(instance.workspaceId())) {
                        orphans.add(new Orphan(p.kind() + ":" + instance.ref().handle(), p.kind(), instance.workspaceId(), instance.description()));
                    }
                }
            } catch (ProvisioningException e) {
                log.warn("Cannot list the runtimes of provisioner {}: {}", p.kind(), e.getMessage());
            }
        }
        List<String> newOrphans = orphans.stream().map(Orphan::id).filter(id -> !reportedOrphans.contains(id)).toList();
        if (!newOrphans.isEmpty()) {
            reportedOrphans.addAll(newOrphans);
            orphans.stream().filter(o -> newOrphans.contains(o.id())).map(Orphan::provisioner).distinct()
                    .forEach(kind -> tx.executeWithoutResult(s -> events.publishEvent(new OrphansFound(kind, orphans.stream()
                            .filter(o -> o.provisioner().equals(kind) && newOrphans.contains(o.id()))
                            .map(Orphan::description).toList(), Trace.system(clock)))));
            log.warn("Reconciliation found {} runtime(s) that no workspace owns: {}", newOrphans.size(), newOrphans);
        }
        closeIdleTimeOfStopped();
        ReconciliationReport report = new ReconciliationReport(clock.instant(), checked, List.copyOf(corrections), List.copyOf(orphans));
        lastReport.set(report);
        return report;
    }

    private Optional<Correction> reconcile(Workspace w) {
        Trace system = Trace.system(clock);
        WorkspaceState state = w.getState();
        switch (state) {
            case REQUESTED -> {
                lifecycle.submit(w.getId(), Operation.PROVISION, system);
                return correction(w, state, "PROVISIONING", "resumed after a portal restart");
            }
            case STOPPING -> {
                lifecycle.submit(w.getId(), Operation.STOP, system);
                return correction(w, state, "STOPPED", "resumed after a portal restart");
            }
            case DELETING -> {
                lifecycle.submit(w.getId(), Operation.DELETE, system);
                return correction(w, state, "DELETED", "resumed after a portal restart");
            }
            default -> {
                // RUNNING, STOPPED, FAILED, PROVISIONING and STARTING: compare with the real state below
            }
        }
        RuntimeStatus status = lifecycle.statusOf(w);
        WorkspaceState target = switch (status.phase()) {
            case READY -> WorkspaceState.RUNNING;
            case PENDING -> state == WorkspaceState.PROVISIONING || state == WorkspaceState.STARTING ? null : state;
            case STOPPED -> state == WorkspaceState.FAILED ? state : WorkspaceState.STOPPED;
            case ABSENT, FAILED -> WorkspaceState.FAILED;
        };
        if (target == null) {
            lifecycle.submit(w.getId(), Operation.AWAIT_READY, system);
            return Optional.empty();
        }
        if (state == WorkspaceState.FAILED && target == WorkspaceState.RUNNING) {
            // a failed workspace's runtime is not adopted past the quota: it is stopped
            lifecycle.release(w, WorkspaceLifecycle.ref(w), false);
            return correction(w, state, state.name(), "its runtime was still running and has been stopped");
        }
        if (target == state || !state.canMoveTo(target)) {
            return Optional.empty();
        }
        String reason = switch (status.phase()) {
            case READY -> "found running by reconciliation";
            case STOPPED -> "found stopped by reconciliation";
            case ABSENT -> "its runtime no longer exists";
            default -> Objects.requireNonNullElse(status.reason(), "found failed by reconciliation");
        };
        tx.executeWithoutResult(s -> workspaces.findById(w.getId())
                .filter(ws -> ws.getState() == state)
                .ifPresent(ws -> lifecycle.transition(ws, target, reason, system)));
        return correction(w, state, target.name(), reason);
    }

    /**
     * An idle period still open for a workspace that no longer runs (e.g. its stop was recorded by another
     * node, or before this check existed) ends at the workspace's latest change of state, when it stopped;
     * one of a workspace that no longer exists at all is dropped.
     */
    private void closeIdleTimeOfStopped() {
        for (UUID id : idleTime.openWorkspaces()) {
            try {
                tx.executeWithoutResult(s -> {
                    Optional<Workspace> w = workspaces.findById(id);
                    if (w.isEmpty() || w.get().getState() != WorkspaceState.RUNNING) {
                        idleTime.ended(id, w.map(Workspace::getStateChangedAt).orElse(Instant.EPOCH),
                                "reconciled: " + w.map(ws -> ws.getState().name().toLowerCase()).orElse("no such workspace"));
                    }
                });
            } catch (RuntimeException e) {
                log.warn("Cannot close the idle time of workspace {}; the next check tries again", id, e);
            }
        }
    }

    private static Optional<Correction> correction(Workspace w, WorkspaceState from, String to, String reason) {
        return Optional.of(new Correction(w.getId(), w.getName(), from.name(), to, reason));
    }

    /** Someone who leaves an area keeps no running workspace there: it is stopped, and only members can start it again. */
    @ApplicationModuleListener
    void on(MemberRemoved removed) {
        Trace system = Trace.system(clock);
        for (Workspace w : workspaces.findByAreaIdAndOwnerIdAndStateIn(removed.areaId(), removed.userId(), Set.of(WorkspaceState.RUNNING))) {
            tx.executeWithoutResult(s -> workspaces.findById(w.getId())
                    .filter(ws -> ws.getState() == WorkspaceState.RUNNING)
                    .ifPresent(ws -> {
                        lifecycle.transition(ws, WorkspaceState.STOPPING, "its owner " + removed.username() + " left the area", system);
                        lifecycle.afterCommit(ws.getId(), Operation.STOP, system);
                    }));
        }
    }

    public ReconciliationReport lastReport() {
        return lastReport.get();
    }

    /**
     * A step started recently may still be under way on another node; it is left alone until it is
     * older than the time a runtime gets to become ready. Local workspaces of this node are the
     * exception: no other node works on them.
     */
    private boolean maybeUnderWayElsewhere(Workspace w) {
        boolean ownLocal = "local".equals(w.getProvisioner()) && lifecycle.nodeId().equals(w.getHostNode());
        return !ownLocal && WorkspaceState.IN_PROGRESS.contains(w.getState())
                && w.getStateChangedAt().isAfter(clock.instant().minus(readyTimeout).minus(Duration.ofMinutes(1)));
    }

    void forgetOrphan(String id) {
        reportedOrphans.remove(id);
        lastReport.updateAndGet(r -> new ReconciliationReport(r.at(), r.checked(), r.corrections(),
                r.orphans().stream().filter(o -> !o.id().equals(id)).toList()));
    }
}
