package io.esteira.training;

import io.esteira.areas.AreaService;
import io.esteira.areas.AreaSummary;
import io.esteira.features.FeatureEvents.FeatureGroupStatusChanged;
import io.esteira.features.FeatureGroupService;
import io.esteira.features.FeatureGroupView;
import io.esteira.identity.Accounts;
import io.esteira.models.ModelDraft;
import io.esteira.models.ModelRegistry;
import io.esteira.models.ModelView;
import io.esteira.shared.NotFoundException;
import io.esteira.shared.security.SignedInUser;
import io.esteira.shared.security.SystemActor;
import io.esteira.shared.security.UserDirectory;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;
import org.springframework.transaction.event.TransactionalEventListener;

/**
 * The embedded default's demo training job: Fraud's {@code card-fraud-weekly}, set up by its data scientist (ds.fraud)
 * once the demo feature group {@code latest_card_transaction} is published. It runs the sample logistic regression on
 * the demo warehouse's card transactions every Monday and registers {@code card_fraud_retrained} (a model of its own,
 * so the demo's champion {@code card_fraud} keeps its story); its first run starts at once, so the training screens show
 * a run with its log, metrics and version from the first look. Nothing happens when the job is there already.
 */
@Component
@ConditionalOnExpression("${esteira.demo.enabled:false} and ${esteira.demo.training.enabled:true}")
class DemoTrainingJob {

    static final String JOB = "card-fraud-weekly";
    static final String MODEL = "card_fraud_retrained";
    static final String FEATURE_GROUP = "latest_card_transaction";
    static final String PERSON = "ds.fraud";
    private static final Logger log = LoggerFactory.getLogger(DemoTrainingJob.class);
    private static final Object SETTING_UP = new Object();

    private final TrainingService training;
    private final ModelRegistry registry;
    private final FeatureGroupService featureGroups;
    private final AreaService areas;
    private final UserDirectory people;
    private final Accounts accounts;

    DemoTrainingJob(TrainingService training, ModelRegistry registry, FeatureGroupService featureGroups, AreaService areas,
            UserDirectory people, Accounts accounts) {
        this.training = training;
        this.registry = registry;
        this.featureGroups = featureGroups;
        this.areas = areas;
        this.people = people;
        this.accounts = accounts;
    }

    /** A later start, when the feature group was published by an earlier one. */
    @EventListener(ApplicationReadyEvent.class)
    void atStart() {
        Thread.ofVirtual().name("demo-training").start(() -> SystemActor.run(() -> {
            try {
                if (featureGroups.getByName(FEATURE_GROUP).latestPublished().isPresent()) {
                    ensure();
                }
            } catch (NotFoundException e) {
                // not yet: set up once the group is published
            } catch (RuntimeException e) {
                log.warn("Demo training job not set up: {}", e.getMessage());
            }
        }));
    }

    @TransactionalEventListener(fallbackExecution = true)
    void published(FeatureGroupStatusChanged changed) {
        if (changed.name().equals(FEATURE_GROUP) && changed.status().equals("PUBLISHED")) {
            Thread.ofVirtual().name("demo-training").start(() -> SystemActor.run(() -> {
                try {
                    ensure();
                } catch (RuntimeException e) {
                    log.warn("Demo training job not set up: {}", e.getMessage());
                }
            }));
        }
    }

    void ensure() {
        synchronized (SETTING_UP) {
            UUID fraud = areas.myAreas().stream().filter(a -> a.code().equals("FRAUD")).map(AreaSummary::id).findFirst().orElse(null);
            UserDirectory.Person person = people.findByUsername(PERSON).orElse(null);
            if (fraud == null || person == null) {
                return;
            }
            try {
                training.jobByName(fraud, JOB);
                return;
            } catch (NotFoundException e) {
                // set it up below
            }
            FeatureGroupView.VersionView group = featureGroups.getByName(FEATURE_GROUP).latestPublished().orElseThrow();
            SignedInUser bruno = accounts.signedInUser(person.id(), null, null);
            TrainingRunView run = RunDispatcher.actingFor(bruno, () -> {
                ModelView model;
                try {
                    model = registry.getByName(MODEL, fraud);
                } catch (NotFoundException e) {
                    model = registry.create(new ModelDraft(fraud, MODEL, "The card fraud score retrained every week by the training job "
                            + JOB + ": a logistic regression on amount, merchant category and channel.", "Card fraud alerts at authorisation",
                            3, null, List.of()));
                }
                TrainingJobView job = training.create(new TrainingJobDraft(fraud, JOB, "Retrains the card fraud score every Monday on the "
                        + "latest card transactions, with the sample logistic regression.", model.name(),
                        new TrainingJobDraft.Source("SAMPLE", "logistic-regression", ""), "train.py", null, null, Map.of("C", "0.5"), "XS", 15,
                        42L, new TrainingJobDraft.Inputs(List.of(new TrainingJobDraft.Group(FEATURE_GROUP, null,
                                List.of("amount", "merchant_category", "channel"))), group.sourceId(),
                                "select customer_id, event_time as \"timestamp\", is_fraud as label from bank.card_transactions "
                                        + "where transaction_id <= 20000 and (is_fraud or mod(transaction_id, 10) = 0)", "label", null, null),
                        new TrainingJobDraft.Schedule("0 0 6 ? * MON", "Europe/Lisbon", null)));
                return training.start(job.id());
            });
            log.info("Demo training job {} set up; its first run {} is queued", JOB, run.number());
        }
    }
}
