package io.esteira.workspaces;

import io.esteira.costs.ResourceShape;
import io.esteira.costs.Held;
import io.esteira.costs.IdleTime;
import io.esteira.costs.UsageLedger;
import io.esteira.costs.UsageStart;
import io.esteira.shared.AfterCommit;
import io.esteira.shared.Trace;
import io.esteira.workspaces.WorkspaceEvents.WorkspaceStateChanged;
import io.esteira.workspaces.domain.Workspace;
import io.esteira.workspaces.domain.WorkspaceState;
import io.esteira.workspaces.domain.Workspaces;
import io.esteira.workspaces.provisioning.Provisioner;
import io.esteira.workspaces.provisioning.ProvisioningException;
import io.esteira.workspaces.provisioning.RuntimeRef;
import io.esteira.workspaces.provisioning.RuntimeStatus;
import io.esteira.workspaces.provisioning.RuntimeStatus.Phase;
import io.esteira.workspaces.provisioning.WorkspaceSpec;
import jakarta.annotation.PreDestroy;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Moves workspaces through their lifecycle. Each step is one transaction that changes the state,
 * opens or closes the usage interval and publishes the event the audit log records; the slow work
 * (starting a server, waiting until it answers) runs on virtual threads, one operation at a time per
 * workspace, after the request's transaction has committed.
 */
@Component
class WorkspaceLifecycle {

    static final String USAGE_SOURCE = "workspace";
    static final String DISK_USAGE_SOURCE = "workspace-disk";
    private static final Logger log = LoggerFactory.getLogger(WorkspaceLifecycle.class);

    private final Workspaces workspaces;
    private final Provisioners provisioners;
    private final UsageLedger ledger;
    private final IdleTime idleTime;
    private final ApplicationEventPublisher events;
    private final TransactionTemplate tx;
    private final Duration readyTimeout;
    private final String nodeId;
    private final ExecutorService executor = Executors.newThreadPerTaskExecutor(
            Thread.ofVirtual().name("workspace-op-", 0).factory());
    private final Map<UUID, ReentrantLock> locks = new ConcurrentHashMap<>();
    private final Set<UUID> inFlight = ConcurrentHashMap.newKeySet();
    private final Clock clock;

    WorkspaceLifecycle(Workspaces workspaces, Provisioners provisioners, UsageLedger ledger, IdleTime idleTime,
            ApplicationEventPublisher events, PlatformTransactionManager transactionManager,
            @Value("${esteira.workspaces.ready-timeout:PT3M}") Duration readyTimeout,
            @Value("${esteira.node-id}") String nodeId, Clock clock) {
        this.clock = clock;
        this.workspaces = workspaces;
        this.provisioners = provisioners;
        this.ledger = ledger;
        this.idleTime = idleTime;
        this.events = events;
        this.tx = new TransactionTemplate(transactionManager);
        this.readyTimeout = readyTimeout;
        this.nodeId = nodeId;
    }

    Provisioners provisioners() {
        return provisioners;
    }

    /** Local workspaces live on the node that started them; the others are reachable from any node. */
    boolean managedHere(Workspace w) {
        return !"local".equals(w.getProvisioner()) || w.getHostNode() == null || w.getHostNode().equals(nodeId);
    }

    String nodeId() {
        return nodeId;
    }

    boolean isInFlight(UUID workspaceId) {
        return inFlight.contains(workspaceId);
    }

    /**
     * Changes the state in the caller's transaction, or a new one. Leaving RUNNING closes the usage
     * interval and ends the idle period, if one is open; reaching RUNNING opens an interval.
     */
    Workspace transition(Workspace w, WorkspaceState next, String reason, Trace trace) {
        WorkspaceState previous = w.getState();
        Instant now = clock.instant();
        reason = reason == null ? null : reason.replace(w.getAccessToken(), "[token hidden]");
        w.moveTo(next, reason, now);
        if (previous == WorkspaceState.RUNNING || next != WorkspaceState.RUNNING) {
            ledger.close(USAGE_SOURCE, w.getId(), now, next.name().toLowerCase() + (reason == null ? "" : ": " + reason));
        }
        if (previous == WorkspaceState.RUNNING && next != WorkspaceState.RUNNING) {
            idleTime.ended(w.getId(), now, next.name().toLowerCase());
        }
        ResourceShape shape = new ResourceShape(w.getVcpu(), w.getMemoryGib(), w.getGpuType(), w.getGpuCount(), w.getDiskGib());
        if (next == WorkspaceState.RUNNING) {
            ledger.open(new UsageStart(w.getAreaId(), USAGE_SOURCE, w.getId(), w.getName(), w.getOwnerId(),
                    w.getOwnerName(), w.getTemplateName() + " · " + w.getSizeCode(), shape, now, Held.compute(shape)));
        }
        // the disk exists from provisioning until the workspace is deleted, running or not
        if (next == WorkspaceState.DELETED) {
            ledger.close(DISK_USAGE_SOURCE, w.getId(), now, "deleted");
        } else if (next != WorkspaceState.REQUESTED && w.getDiskGib() > 0 && !ledger.isOpen(DISK_USAGE_SOURCE, w.getId())) {
            ledger.open(new UsageStart(w.getAreaId(), DISK_USAGE_SOURCE, w.getId(), w.getName(), w.getOwnerId(), w.getOwnerName(),
                    "Disk · " + w.getSizeCode(), new ResourceShape(0, 0, null, 0, w.getDiskGib()), now, Held.disk(w.getDiskGib())));
        }
        Workspace saved = workspaces.saveAndFlush(w);
        events.publishEvent(new WorkspaceStateChanged(w.getId(), w.getAreaId(), w.getName(), w.getOwnerUsername(),
                previous.name(), next.name(), reason, at(trace, now)));
        return saved;
    }

    /** Runs the operation after the current transaction commits (at once if there is none). */
    void afterCommit(UUID workspaceId, Operation operation, Trace trace) {
        AfterCommit.run(() -> submit(workspaceId, operation, trace));
    }

    enum Operation { PROVISION, START, STOP, DELETE, AWAIT_READY }

    void submit(UUID workspaceId, Operation operation, Trace trace) {
        inFlight.add(workspaceId);
        executor.submit(() -> {
            ReentrantLock lock = locks.computeIfAbsent(workspaceId, id -> new ReentrantLock());
            lock.lock();
            try {
                inFlight.add(workspaceId);
                run(workspaceId, operation, trace);
            } catch (RuntimeException e) {
                log.error("Workspace {} {} failed unexpectedly", workspaceId, operation, e);
            } finally {
                inFlight.remove(workspaceId);
                lock.unlock();
            }
        });
    }

    private void run(UUID id, Operation operation, Trace trace) {
        Workspace w = load(id);
        if (w == null || !managedHere(w)) {
            // a local workspace lives on the node that started it; that node's reconciliation resumes the step
            log.info("Workspace {} is managed by node {}; {} left to it", id, w == null ? "?" : w.getHostNode(), operation);
            return;
        }
        switch (operation) {
            case PROVISION -> provision(id, trace);
            case START -> start(id, trace);
            case STOP -> stop(id, trace);
            case DELETE -> delete(id, trace);
            case AWAIT_READY -> awaitReady(id, trace);
        }
    }

    private void provision(UUID id, Trace trace) {
        Workspace w = update(id, Set.of(WorkspaceState.REQUESTED), ws -> transition(ws, WorkspaceState.PROVISIONING, null, trace));
        if (w == null) {
            return;
        }
        try {
            RuntimeRef ref = provisioner(w).provision(spec(w));
            Workspace attached = update(id, Set.of(WorkspaceState.PROVISIONING), ws -> ws.attach(ref.handle(), ref.address(), nodeId));
            if (attached != null) {
                awaitReady(id, trace);
            } else {
                // deleted or failed while the runtime was being created: do not leave it behind
                Workspace now = load(id);
                release(w, ref, now == null || now.getState() == WorkspaceState.DELETING || now.getState() == WorkspaceState.DELETED);
            }
        } catch (ProvisioningException e) {
            fail(id, e.getMessage(), trace);
        }
    }

    private void start(UUID id, Trace trace) {
        Workspace w = load(id);
        if (w == null || w.getState() != WorkspaceState.STARTING) {
            return;
        }
        try {
            RuntimeRef ref = provisioner(w).start(spec(w), ref(w));
            update(id, Set.of(WorkspaceState.STARTING), ws -> ws.attach(ref.handle(), ref.address(), nodeId));
            awaitReady(id, trace);
        } catch (ProvisioningException e) {
            fail(id, e.getMessage(), trace);
        }
    }

    private void awaitReady(UUID id, Trace trace) {
        long deadline = System.nanoTime() + readyTimeout.toNanos();
        while (System.nanoTime() - deadline < 0) {
            Workspace w = load(id);
            if (w == null || (w.getState() != WorkspaceState.PROVISIONING && w.getState() != WorkspaceState.STARTING)) {
                return;
            }
            RuntimeStatus status = statusOf(w);
            switch (status.phase()) {
                case READY -> {
                    update(id, Set.of(WorkspaceState.PROVISIONING, WorkspaceState.STARTING), ws -> {
                        ws.started(clock.instant());
                        transition(ws, WorkspaceState.RUNNING, null, trace);
                    });
                    return;
                }
                case FAILED -> {
                    fail(id, status.reason(), trace);
                    return;
                }
                case STOPPED, ABSENT -> {
                    fail(id, "The notebook server stopped while starting" + (status.reason() == null ? "" : ": " + status.reason()), trace);
                    return;
                }
                case PENDING -> sleep(Duration.ofMillis(500));
            }
        }
        fail(id, "The notebook server did not answer within " + readyTimeout.toSeconds() + " seconds", trace);
    }

    private void stop(UUID id, Trace trace) {
        Workspace w = load(id);
        if (w == null || w.getState() != WorkspaceState.STOPPING) {
            return;
        }
        try {
            provisioner(w).stop(spec(w), ref(w));
            update(id, Set.of(WorkspaceState.STOPPING), ws -> transition(ws, WorkspaceState.STOPPED, ws.getStateReason(), trace));
        } catch (ProvisioningException e) {
            fail(id, e.getMessage(), trace);
        }
    }

    private void delete(UUID id, Trace trace) {
        Workspace w = load(id);
        if (w == null || w.getState() != WorkspaceState.DELETING) {
            return;
        }
        try {
            provisioner(w).delete(spec(w), ref(w));
            update(id, Set.of(WorkspaceState.DELETING), ws -> transition(ws, WorkspaceState.DELETED, null, trace));
        } catch (ProvisioningException e) {
            // a workspace that cannot be deleted stays DELETING with the reason, and is tried again by reconciliation
            update(id, Set.of(WorkspaceState.DELETING), ws -> events.publishEvent(new WorkspaceStateChanged(ws.getId(),
                    ws.getAreaId(), ws.getName(), ws.getOwnerUsername(), "DELETING", "DELETING",
                    "Deletion failed, will retry: " + e.getMessage(), at(trace, clock.instant()))));
        }
    }

    /**
     * Marks the workspace FAILED and stops whatever of its runtime still runs, so that a failed
     * workspace holds no compute that its quota and the ledger no longer count.
     */
    void fail(UUID id, String reason, Trace trace) {
        Workspace failed = update(id, null, ws -> {
            if (ws.getState() != WorkspaceState.DELETING && ws.getState().canMoveTo(WorkspaceState.FAILED)) {
                transition(ws, WorkspaceState.FAILED, reason, trace);
            }
        });
        if (failed != null && failed.getState() == WorkspaceState.FAILED) {
            release(failed, ref(failed), false);
        }
    }

    /** Stops (or deletes) a runtime that no workspace state accounts for; failures are logged, reconciliation retries. */
    void release(Workspace w, RuntimeRef ref, boolean delete) {
        try {
            if (delete) {
                provisioner(w).delete(spec(w), ref);
            } else {
                provisioner(w).stop(spec(w), ref);
            }
        } catch (ProvisioningException e) {
            log.warn("Could not {} the runtime of workspace {}: {}", delete ? "delete" : "stop", w.getId(), e.getMessage());
        }
    }

    RuntimeStatus statusOf(Workspace w) {
        try {
            return provisioner(w).status(spec(w), ref(w));
        } catch (ProvisioningException e) {
            return RuntimeStatus.failed(e.getMessage());
        }
    }

    /** Loads, checks the state and changes the workspace in one transaction; null when it is not in an expected state. */
    private Workspace update(UUID id, Set<WorkspaceState> expected, Consumer<Workspace> change) {
        return tx.execute(status -> {
            Workspace w = workspaces.findById(id).orElse(null);
            if (w == null || (expected != null && !expected.contains(w.getState()))) {
                return null;
            }
            change.accept(w);
            return workspaces.saveAndFlush(w);
        });
    }

    private Workspace load(UUID id) {
        return workspaces.findById(id).orElse(null);
    }

    Provisioner provisioner(Workspace w) {
        return provisioners.get(w.getProvisioner());
    }

    static WorkspaceSpec spec(Workspace w) {
        return new WorkspaceSpec(w.getId(), w.getAreaId(), w.getAreaCode(), w.getOwnerUsername(), w.getName(), w.getImage(),
                new WorkspaceSpec.Shape(w.getVcpu(), w.getMemoryGib(), w.getGpuType(), w.getGpuCount(), w.getDiskGib()),
                w.getGitRepository(), w.getAccessToken());
    }

    static RuntimeRef ref(Workspace w) {
        return w.getRuntimeHandle() == null ? null : new RuntimeRef(w.getRuntimeHandle(), w.getAddress());
    }

    private static Trace at(Trace trace, Instant now) {
        return new Trace(trace.actor(), trace.actorType(), trace.clientAddress(), trace.correlationId(), now);
    }

    private static void sleep(Duration d) {
        try {
            Thread.sleep(d);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    @PreDestroy
    void shutdown() {
        executor.shutdown(); // no interrupt: an operation may be in the database (see StopSignal); it ends on its own
    }
}
