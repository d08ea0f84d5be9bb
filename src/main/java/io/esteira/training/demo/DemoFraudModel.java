package io.esteira.training.demo;

import io.esteira.areas.AreaService;
import io.esteira.areas.AreaSummary;
import io.esteira.features.FeatureEvents.FeatureGroupStatusChanged;
import io.esteira.features.FeatureGroupService;
import io.esteira.features.FeatureGroupView;
import io.esteira.identity.DemoPersonas;
import io.esteira.models.ModelDraft;
import io.esteira.models.ModelEvents.ModelVersionGated;
import io.esteira.models.ModelRegistry;
import io.esteira.models.ModelView;
import io.esteira.models.Threshold;
import io.esteira.shared.NotFoundException;
import io.esteira.shared.security.SystemActor;
import io.esteira.training.TrainingJobDraft;
import io.esteira.training.TrainingJobView;
import io.esteira.training.TrainingRunView;
import io.esteira.training.TrainingService;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.data.domain.PageRequest;
import org.springframework.stereotype.Component;
import org.springframework.transaction.event.TransactionalEventListener;

/**
 * The embedded default's model {@code card_fraud} of Fraud and its first version: once the demo feature group
 * {@value #GROUP} is published, its data scientist (ds.fraud) gets the training job {@value #JOB}, the sample Java job
 * ({@code samples/training/tribuo-logistic-regression}: a Tribuo logistic regression on amount, merchant category and
 * channel) on up to {@value #MAX_ROWS} card transactions of the demo warehouse, and runs it once. The run registers
 * version 1 through the registry like any job's; when its gates pass it becomes champion, which starts the rest of the
 * demo (its deployment, monitoring history and retraining). A later start runs the job again only while the model
 * has no version and no run of it is queued, running or succeeded.
 */
@Component
@ConditionalOnProperty(name = "esteira.demo.enabled", havingValue = "true")
class DemoFraudModel {

    static final String MODEL = "card_fraud";
    static final String JOB = "card-fraud-train";
    static final String GROUP = "latest_card_transaction";
    private static final String DATA_SCIENTIST = "ds.fraud";
    /** At most this many transactions are sampled for training and holdout. */
    private static final int MAX_ROWS = 100_000;
    private static final Set<String> UNDER_WAY = Set.of("QUEUED", "RUNNING", "SUCCEEDED");
    private static final Logger log = LoggerFactory.getLogger(DemoFraudModel.class);
    private static final Object SETTING_UP = new Object();

    private final ModelRegistry registry;
    private final FeatureGroupService featureGroups;
    private final TrainingService training;
    private final AreaService areas;
    private final DemoPersonas people;
    private final int transactions;

    DemoFraudModel(ModelRegistry registry, FeatureGroupService featureGroups, TrainingService training, AreaService areas,
            DemoPersonas people, @Value("${esteira.demo.warehouse.transactions:1000000}") int transactions) {
        this.registry = registry;
        this.featureGroups = featureGroups;
        this.training = training;
        this.areas = areas;
        this.people = people;
        this.transactions = transactions;
    }

    /** A later start, when the feature group was published by an earlier one. */
    @EventListener(ApplicationReadyEvent.class)
    void atStart() {
        inBackground();
    }

    @TransactionalEventListener(fallbackExecution = true)
    void published(FeatureGroupStatusChanged changed) {
        if (changed.name().equals(GROUP) && changed.status().equals("PUBLISHED")) {
            inBackground();
        }
    }

    /** The first version becomes champion once its gates pass. */
    @TransactionalEventListener(fallbackExecution = true)
    void gated(ModelVersionGated gated) {
        if (gated.name().equals(MODEL) && gated.number() == 1 && gated.passed()) {
            Thread.ofVirtual().name("demo-fraud-model").start(() -> SystemActor.run(() -> {
                try {
                    ModelView model = registry.get(gated.modelId());
                    if (model.createdBy().equals(SystemActor.SYSTEM.username()) && model.champion().isEmpty()) {
                        registry.moveAlias(model.id(), ModelView.CHAMPION, 1);
                    }
                } catch (RuntimeException e) {
                    log.warn("Demo model not made champion: {}", e.getMessage());
                }
            }));
        }
    }

    private void inBackground() {
        Thread.ofVirtual().name("demo-fraud-model").start(() -> {
            try {
                ensure();
            } catch (RuntimeException e) {
                log.warn("Demo model {} not trained: {}", MODEL, e.getMessage());
            }
        });
    }

    void ensure() {
        synchronized (SETTING_UP) {
            UUID fraud = SystemActor.call(() -> areas.myAreas().stream().filter(a -> a.code().equals("FRAUD")).map(AreaSummary::id)
                    .findFirst().orElse(null));
            FeatureGroupView.VersionView group = SystemActor.call(() -> {
                try {
                    return featureGroups.getByName(GROUP).latestPublished().orElse(null);
                } catch (NotFoundException e) {
                    return null;
                }
            });
            if (fraud == null || group == null) {
                return; // the group's publication does it
            }
            ModelView model = SystemActor.call(() -> {
                try {
                    return registry.getByName(MODEL, fraud);
                } catch (NotFoundException e) {
                    return registry.create(new ModelDraft(fraud, MODEL,
                            "Scores a card transaction for fraud from its amount, merchant category and channel. The demo's model: "
                                    + "trained by the job " + JOB + " on the demo warehouse.",
                            "Card fraud alerts at authorisation", 2, null,
                            List.of(new Threshold("auc", ">=", 0.65), new Threshold("log_loss", "<=", 0.1))));
                }
            });
            if (model.versionCount() > 0) {
                return;
            }
            TrainingRunView run = people.call(DATA_SCIENTIST, () -> {
                TrainingJobView job;
                try {
                    job = training.jobByName(fraud, JOB);
                } catch (NotFoundException e) {
                    job = training.create(draft(fraud, group));
                }
                boolean underWay = training.runs(job.id(), PageRequest.of(0, 20)).stream().anyMatch(r -> UNDER_WAY.contains(r.state()));
                return underWay ? null : training.start(job.id());
            });
            if (run != null) {
                log.info("Demo model {}: run {} of {} queued; it registers version 1", MODEL, run.number(), JOB);
            }
        }
    }

    private TrainingJobDraft draft(UUID fraud, FeatureGroupView.VersionView group) {
        long every = Math.max(1, (transactions + MAX_ROWS - 1) / MAX_ROWS);
        return new TrainingJobDraft(fraud, JOB, "Trains card_fraud: the sample Java logistic regression (Tribuo) on "
                + (every == 1 ? "every" : "one in " + every) + " card transaction of the demo warehouse. Fraud is rare (0.3% to 2.5% "
                + "by category): a transaction is flagged for review from a 1% score on. Demo data: the fraud label depends on the "
                + "merchant category only, and the model is not calibrated per channel or country.",
                MODEL, new TrainingJobDraft.Source("SAMPLE", "tribuo-logistic-regression", ""), "esteira/samples/Train.java", "java", null,
                Map.of("log1p", "amount", "output", "fraud_probability", "epochs", "5", "holdout", "0.2", "decision_threshold", "0.01"),
                "XS", 20, 12345L,
                new TrainingJobDraft.Inputs(List.of(new TrainingJobDraft.Group(GROUP, null, List.of("amount", "merchant_category", "channel"))),
                        group.sourceId(), "select customer_id, event_time as \"timestamp\", is_fraud as label from bank.card_transactions"
                                + (every == 1 ? "" : " where mod(transaction_id * 69621 / 1000, " + every + ") = 0"), "label", null, null),
                null);
    }
}
