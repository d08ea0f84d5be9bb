package io.esteira.training.demo;

import io.esteira.areas.AreaService;
import io.esteira.areas.AreaSummary;
import io.esteira.features.FeatureGroupService;
import io.esteira.features.FeatureGroupView;
import io.esteira.identity.DemoPersonas;
import io.esteira.models.ModelEvents.ModelAliasMoved;
import io.esteira.models.ModelRegistry;
import io.esteira.models.ModelView;
import io.esteira.shared.NotFoundException;
import io.esteira.shared.security.SystemActor;
import io.esteira.training.Retraining;
import io.esteira.training.RetrainingPolicyDraft;
import io.esteira.training.TrainingJobDraft;
import io.esteira.training.TrainingJobView;
import io.esteira.training.TrainingService;
import java.util.List;
import java.util.Map;
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
 * The embedded default's retraining: once Fraud's demo model {@code card_fraud} is champion, its data scientist gives it
 * the training job {@value #JOB} (the sample logistic regression on the demo warehouse's card transactions, every
 * twentieth) and a retraining policy: a data drift or realised performance alert of its live release recommends running
 * the job on the 180 days up to 3 days before the alert (the demo's fraud outcomes are confirmed 3 days late), and a data
 * scientist accepts or declines. The demo's replayed history then raises the recommendation. Nothing changes when the job
 * or the policy exists.
 */
@Component
@ConditionalOnProperty(name = "esteira.demo.enabled", havingValue = "true")
class DemoRetraining {

    static final String JOB = "card-fraud-retrain";
    private static final String MODEL = "card_fraud";
    private static final String GROUP = "latest_card_transaction";
    private static final String DATA_SCIENTIST = "ds.fraud";
    private static final Logger log = LoggerFactory.getLogger(DemoRetraining.class);
    private static final Object SEEDING = new Object();

    private final ModelRegistry registry;
    private final FeatureGroupService featureGroups;
    private final TrainingService training;
    private final Retraining retraining;
    private final AreaService areas;
    private final DemoPersonas people;

    DemoRetraining(ModelRegistry registry, FeatureGroupService featureGroups, TrainingService training, Retraining retraining,
            AreaService areas, DemoPersonas people) {
        this.registry = registry;
        this.featureGroups = featureGroups;
        this.training = training;
        this.retraining = retraining;
        this.areas = areas;
        this.people = people;
    }

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
        Thread.ofVirtual().name("demo-retraining").start(() -> {
            try {
                ensure();
            } catch (RuntimeException e) {
                log.warn("Demo retraining of {} not set up: {}", MODEL, e.getMessage());
            }
        });
    }

    void ensure() {
        synchronized (SEEDING) {
            UUID fraud = SystemActor.call(() -> areas.myAreas().stream().filter(a -> a.code().equals("FRAUD")).map(AreaSummary::id)
                    .findFirst().orElse(null));
            if (fraud == null) {
                return;
            }
            Optional<ModelView> model = SystemActor.call(() -> {
                try {
                    return Optional.of(registry.getByName(MODEL, fraud)).filter(m -> m.champion().isPresent());
                } catch (NotFoundException e) {
                    return Optional.empty();
                }
            });
            Optional<FeatureGroupView.VersionView> group = SystemActor.call(() -> {
                try {
                    return featureGroups.getByName(GROUP).latestPublished();
                } catch (NotFoundException e) {
                    return Optional.empty();
                }
            });
            if (model.isEmpty() || group.isEmpty()) {
                return; // the champion's move or a later start does it
            }
            if (people.call(DATA_SCIENTIST, () -> retraining.policy(model.get().id())).isPresent()) {
                return;
            }
            TrainingJobView job = people.call(DATA_SCIENTIST, () -> {
                try {
                    return training.jobByName(fraud, JOB);
                } catch (NotFoundException e) {
                    return training.create(new TrainingJobDraft(fraud, JOB,
                            "Retrains card_fraud: the sample logistic regression on every twentieth card transaction of the policy's window",
                            MODEL, new TrainingJobDraft.Source("SAMPLE", "logistic-regression", ""), "train.py", null, null,
                            Map.of("C", "1.0", "max_iter", "200", "holdout", "0.2"), "XS", 20, 42L,
                            new TrainingJobDraft.Inputs(List.of(new TrainingJobDraft.Group(GROUP, null, List.of("amount", "merchant_category",
                                    "channel"))), group.get().sourceId(), "select customer_id, event_time as \"timestamp\", is_fraud as label "
                                    + "from bank.card_transactions where mod(transaction_id, 20) = 0", "label", null, null), null));
                }
            });
            people.run(DATA_SCIENTIST, () -> retraining.setPolicy(model.get().id(), new RetrainingPolicyDraft(job.name(), true, true, false,
                    false, 180, 72)));
            log.info("Demo retraining of {}: job {} and its policy set", MODEL, JOB);
        }
    }
}
