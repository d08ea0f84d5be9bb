package io.esteira.monitoring.demo;

import io.esteira.areas.AreaService;
import io.esteira.areas.AreaSummary;
import io.esteira.changes.ChangeApprovals;
import io.esteira.changes.ChangeQueries;
import io.esteira.changes.ChangeRequestView;
import io.esteira.changes.Environment;
import io.esteira.deployments.DeploymentDraft;
import io.esteira.deployments.DeploymentService;
import io.esteira.deployments.DeploymentState;
import io.esteira.deployments.DeploymentView;
import io.esteira.deployments.ServingMode;
import io.esteira.identity.DemoPersonas;
import io.esteira.models.ModelEvents.ModelAliasMoved;
import io.esteira.models.ModelRegistry;
import io.esteira.models.ModelView;
import io.esteira.models.VersionView;
import io.esteira.monitoring.MonitorChangeService;
import io.esteira.monitoring.MonitorProposal;
import io.esteira.monitoring.MonitorSettings;
import io.esteira.monitoring.MonitorView;
import io.esteira.shared.NotFoundException;
import io.esteira.shared.security.SystemActor;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;
import org.springframework.transaction.event.TransactionalEventListener;

/**
 * The embedded default's live model: once Fraud's demo model {@code card_fraud} is champion, its data
 * scientist requests a production release on the endpoint {@value #ENDPOINT}, the demo reviewers
 * approve its change request as they would on the approvals screen, and when it is live
 * {@link DemoTraffic} replays weeks of history through it. Nothing happens when the endpoint exists.
 */
@Component
@ConditionalOnProperty(name = {"esteira.demo.enabled", "esteira.demo.replay.enabled"}, havingValue = "true")
class DemoRelease {

    static final String ENDPOINT = "card-fraud-scoring";
    private static final String MODEL = "card_fraud";
    private static final String DATA_SCIENTIST = "ds.fraud";
    private static final List<String> REVIEWERS = List.of("reviewer.risk", "reviewer.gov");
    private static final Duration PATIENCE = Duration.ofMinutes(3);
    private static final Logger log = LoggerFactory.getLogger(DemoRelease.class);
    private static final Object SEEDING = new Object();

    private final ModelRegistry registry;
    private final DeploymentService deployments;
    private final ChangeQueries changeQueries;
    private final ChangeApprovals changeApprovals;
    private final AreaService areas;
    private final DemoPersonas people;
    private final DemoTraffic traffic;
    private final MonitorChangeService monitors;

    DemoRelease(ModelRegistry registry, DeploymentService deployments, ChangeQueries changeQueries, ChangeApprovals changeApprovals,
            AreaService areas, DemoPersonas people, DemoTraffic traffic, MonitorChangeService monitors) {
        this.registry = registry;
        this.deployments = deployments;
        this.changeQueries = changeQueries;
        this.changeApprovals = changeApprovals;
        this.areas = areas;
        this.people = people;
        this.traffic = traffic;
        this.monitors = monitors;
    }

    /** A later start, when the demo model was made champion by an earlier one. */
    @EventListener(ApplicationReadyEvent.class)
    void atStart() {
        inBackground();
    }

    @TransactionalEventListener(fallbackExecution = true)
    void championMoved(ModelAliasMoved moved) {
        if (moved.name().equals(MODEL) && moved.alias().equals(ModelView.CHAMPION)) {
            inBackground();
        }
    }

    private void inBackground() {
        Thread.ofVirtual().name("demo-release").start(() -> {
            try {
                ensure();
            } catch (RuntimeException e) {
                log.warn("Demo release of {} not made: {}", MODEL, e.getMessage());
            }
        });
    }

    void ensure() {
        synchronized (SEEDING) {
            Optional<VersionView> champion = SystemActor.call(this::champion);
            if (champion.isEmpty()) {
                return;
            }
            Optional<DeploymentView> existing = SystemActor.call(() -> existing(champion.get().areaId()));
            if (existing.isPresent()) {
                if (existing.get().state() == DeploymentState.LIVE) {
                    traffic.keepServing(existing.get());
                }
                return;
            }
            VersionView version = champion.get();
            DeploymentView requested = people.call(DATA_SCIENTIST, () -> deployments.request(new DeploymentDraft(version.id(), ENDPOINT,
                    Environment.PRODUCTION, ServingMode.ONLINE_SYNC, null, null, null, null, null, null, 100, null,
                    "Scores card transactions for fraud at authorisation, so that the fraud team reviews the riskiest ones first.",
                    "Retire the release: authorisation falls back to the rules engine, which never stopped running.")));
            log.info("Demo release {} of {} v{} requested; its change request goes to the reviewers", ENDPOINT, MODEL, version.number());
            for (String reviewer : REVIEWERS) {
                people.run(reviewer, () -> {
                    ChangeRequestView change = changeQueries.get(requested.changeId());
                    if (changeQueries.actions(change.id()).mayDecide()) {
                        changeApprovals.approve(change.id(), "Model card, gates and holdout metrics reviewed; the rollback plan is sound.",
                                change.version());
                    }
                });
            }
            DeploymentView live = awaitLive(requested.id());
            segmentByChannel(live);
            log.info("Demo release {} is live; replaying its history", ENDPOINT);
            traffic.replay(live);
            traffic.keepServing(live);
        }
    }

    /**
     * The fraud team watches each payment channel on its own (card-not-present fraud behaves differently): its monitor
     * proposal goes through the reviewers like any other, before the history is replayed, so that every section of the
     * monitoring page has its segments.
     */
    private void segmentByChannel(DeploymentView live) {
        MonitorView.Change proposed = people.call(DATA_SCIENTIST, () -> monitors.propose(live.id(), new MonitorProposal(
                new MonitorSettings(null, null, null, null, null, java.util.List.of("channel")),
                "Card-not-present fraud moves differently from chip and contactless: watch each channel on its own", null))).pending();
        for (String reviewer : REVIEWERS) {
            people.run(reviewer, () -> {
                if (proposed != null && proposed.changeId() != null && changeQueries.actions(proposed.changeId()).mayDecide()) {
                    changeApprovals.approve(proposed.changeId(), "Segments only: no threshold changes.",
                            changeQueries.get(proposed.changeId()).version());
                }
            });
        }
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        while (System.nanoTime() < deadline && !SystemActor.call(() -> monitors.monitor(live.id())).inForce().segmentFeatures()
                .contains("channel")) {
            sleep(Duration.ofMillis(300));
        }
    }

    private Optional<VersionView> champion() {
        UUID fraud = areas.myAreas().stream().filter(a -> a.code().equals("FRAUD")).map(AreaSummary::id).findFirst().orElse(null);
        if (fraud == null) {
            return Optional.empty();
        }
        try {
            ModelView model = registry.getByName(MODEL, fraud);
            // the demo's own model, and its first version, as the system made them: never a version someone made champion since
            return registry.production(model.id()).filter(v -> model.createdBy().equals(SystemActor.SYSTEM.username()) && v.number() == 1);
        } catch (NotFoundException e) {
            return Optional.empty();
        }
    }

    /** The endpoint's newest release. */
    private Optional<DeploymentView> existing(UUID area) {
        return deployments.list(org.springframework.data.domain.PageRequest.of(0, 1000), true).getContent().stream()
                .filter(d -> d.name().equals(ENDPOINT) && d.areaId().equals(area)).findFirst();
    }

    private DeploymentView awaitLive(UUID id) {
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        while (System.nanoTime() < deadline) {
            DeploymentView d = SystemActor.call(() -> deployments.get(id));
            if (d.state() == DeploymentState.LIVE) {
                return d;
            }
            if (d.state() == DeploymentState.FAILED || d.state() == DeploymentState.REJECTED) {
                throw new IllegalStateException("the release ended " + d.state() + ": " + d.failureReason());
            }
            sleep(Duration.ofMillis(500));
        }
        throw new IllegalStateException("the release was not live after " + PATIENCE.toMinutes() + " minutes");
    }

    static void sleep(Duration d) {
        try {
            Thread.sleep(d);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted");
        }
    }
}
