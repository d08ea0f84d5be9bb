package io.esteira.models;

import io.esteira.areas.AreaService;
import io.esteira.areas.AreaSummary;
import io.esteira.features.DemoWarehouse;
import io.esteira.features.FeatureEvents.FeatureGroupStatusChanged;
import io.esteira.features.FeatureGroupService;
import io.esteira.features.FeatureGroupView;
import io.esteira.models.ModelEvents.ModelVersionGated;
import io.esteira.shared.NotFoundException;
import io.esteira.shared.security.SystemActor;
import java.io.ByteArrayInputStream;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;
import org.springframework.transaction.event.TransactionalEventListener;

/**
 * The embedded default's demo model: Fraud's {@code card_fraud}, a logistic regression trained in
 * Java on the demo warehouse's card transactions once Fraud's {@code latest_card_transaction} feature
 * group is published, registered by the system with its lineage and model card, and made
 * {@code champion} when its gates pass. Nothing happens when the model is there already.
 */
@Component
@ConditionalOnProperty(name = "esteira.demo.enabled", havingValue = "true")
class DemoModels {

    static final String MODEL = "card_fraud";
    static final String FEATURE_GROUP = "latest_card_transaction";
    /** At most this many transactions are read for training and holdout. */
    private static final int MAX_ROWS = 100_000;
    private static final Logger log = LoggerFactory.getLogger(DemoModels.class);
    private static final Object TRAINING = new Object();

    private final ModelRegistry registry;
    private final FeatureGroupService featureGroups;
    private final AreaService areas;
    private final DemoWarehouse warehouse;

    DemoModels(ModelRegistry registry, FeatureGroupService featureGroups, AreaService areas, DemoWarehouse warehouse) {
        this.registry = registry;
        this.featureGroups = featureGroups;
        this.areas = areas;
        this.warehouse = warehouse;
    }

    /** A later start, when the feature group was published by an earlier one. */
    @EventListener(ApplicationReadyEvent.class)
    void atStart() {
        Thread.ofVirtual().name("demo-models").start(() -> SystemActor.run(() -> {
            try {
                FeatureGroupView group = featureGroups.getByName(FEATURE_GROUP);
                if (group.latestPublished().isPresent()) {
                    ensure();
                }
            } catch (NotFoundException e) {
                // not yet: registered once the warehouse is ready, then published
            } catch (RuntimeException e) {
                log.warn("Demo model not registered: {}", e.getMessage());
            }
        }));
    }

    @TransactionalEventListener(fallbackExecution = true)
    void published(FeatureGroupStatusChanged changed) {
        if (changed.name().equals(FEATURE_GROUP) && changed.status().equals("PUBLISHED")) {
            Thread.ofVirtual().name("demo-models").start(() -> SystemActor.run(() -> {
                try {
                    ensure();
                } catch (RuntimeException e) {
                    log.warn("Demo model not registered: {}", e.getMessage());
                }
            }));
        }
    }

    /** The demo model's first version becomes champion once its gates pass. */
    @TransactionalEventListener(fallbackExecution = true)
    void gated(ModelVersionGated gated) {
        if (gated.name().equals(MODEL) && gated.number() == 1 && gated.passed()) {
            Thread.ofVirtual().name("demo-models").start(() -> SystemActor.run(() -> {
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

    void ensure() {
        synchronized (TRAINING) {
            UUID fraud = areas.myAreas().stream().filter(a -> a.code().equals("FRAUD")).map(AreaSummary::id).findFirst().orElse(null);
            if (fraud == null) {
                return;
            }
            ModelView model;
            try {
                model = registry.getByName(MODEL, fraud);
                if (model.versionCount() > 0) {
                    return;
                }
            } catch (NotFoundException e) {
                model = registry.create(new ModelDraft(fraud, MODEL,
                        "Scores a card transaction for fraud from its amount, merchant category and channel. The demo's model: "
                                + "trained in Java on the demo warehouse.",
                        "Card fraud alerts at authorisation", 2, null,
                        List.of(new Threshold("auc", ">=", 0.65), new Threshold("log_loss", "<=", 0.1))));
            }
            FeatureGroupView group = featureGroups.getByName(FEATURE_GROUP);
            int groupVersion = group.latestPublished().orElseThrow().number();
            long started = System.nanoTime();
            List<DemoModelTrainer.Row> rows = rows();
            DemoModelTrainer.Trained trained = DemoModelTrainer.train(rows);
            log.info("Demo model trained on {} card transactions ({} held out) in {} ms: {}", trained.trainingRows(), trained.holdoutRows(),
                    (System.nanoTime() - started) / 1_000_000, trained.metrics());
            Map<String, String> parameters = new java.util.LinkedHashMap<>(trained.parameters());
            parameters.put("training_rows", String.valueOf(trained.trainingRows()));
            parameters.put("holdout_rows", String.valueOf(trained.holdoutRows()));
            // fraud is rare (0.3 % to 2.5 % by category): a transaction is flagged for review from a 1 % score on
            parameters.put("decision_threshold", "0.01");
            Signature signature = new Signature(
                    List.of(new TensorSpec("amount", "float", List.of(-1L, 1L)), new TensorSpec("merchant_category", "string", List.of(-1L, 1L)),
                            new TensorSpec("channel", "string", List.of(-1L, 1L))),
                    List.of(new TensorSpec(DemoModelTrainer.OUTPUT, "float", List.of(-1L, 1L))));
            VersionMetadata metadata = new VersionMetadata(signature, trained.metrics(), parameters,
                    new Lineage(List.of(new Lineage.FeatureGroupRef(FEATURE_GROUP, groupVersion)),
                            "demo warehouse bank.card_transactions, " + rows.size() + " rows sampled by transaction id"),
                    null, null, card(trained, rows.size()), sha256(trained.onnx()), null, null);
            VersionView registered = registry.register(model.id(), metadata, new ByteArrayInputStream(trained.onnx()));
            log.info("Demo model {} v{} registered; its gates run", MODEL, registered.number());
        }
    }

    /** Card transactions, a deterministic sample when the warehouse is large; a fifth (by a hash of the id) held out. */
    private List<DemoModelTrainer.Row> rows() {
        List<DemoModelTrainer.Row> rows = new ArrayList<>();
        try (Connection c = DriverManager.getConnection(warehouse.url(), "sa", "")) {
            long count;
            try (ResultSet rs = c.createStatement().executeQuery("select count(*) from bank.card_transactions")) {
                rs.next();
                count = rs.getLong(1);
            }
            long every = Math.max(1, (count + MAX_ROWS - 1) / MAX_ROWS);
            try (PreparedStatement s = c.prepareStatement("select transaction_id, amount, merchant_category, channel, is_fraud "
                    + "from bank.card_transactions where mod(transaction_id * 69621 / 1000, ?) = 0 order by transaction_id")) {
                s.setLong(1, every);
                s.setFetchSize(10_000);
                try (ResultSet rs = s.executeQuery()) {
                    while (rs.next()) {
                        long id = rs.getLong(1);
                        rows.add(new DemoModelTrainer.Row(rs.getDouble(2), rs.getString(3), rs.getString(4), rs.getBoolean(5),
                                Math.floorMod((id * 48271) / 1024, 5L) == 0));
                    }
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Reading the demo warehouse failed: " + e.getMessage(), e);
        }
        return rows;
    }

    private static String card(DemoModelTrainer.Trained trained, int rows) {
        String metrics = trained.metrics().entrySet().stream().map(e -> "| " + e.getKey() + " | " + e.getValue() + " |")
                .collect(Collectors.joining("\n"));
        return """
                # card_fraud: card transaction fraud score

                **Purpose.** Flags card transactions for review by the fraud team at authorisation. It scores; people decide.

                **Inputs.** `amount` (EUR, log scale inside the model), `merchant_category` and `channel` of Fraud's
                feature group [latest_card_transaction](/feature-groups/latest_card_transaction). Unknown categories score
                as if absent.

                **Output.** `fraud_probability` in [0, 1] per transaction.

                ## Training

                A logistic regression (Tribuo, linear SGD with AdaGrad, 5 epochs, seed 12345) on %d card transactions of the
                demo warehouse; %d trained on, %d held out (a fifth, chosen by a hash of the transaction id).

                ## Evaluation on the holdout

                | metric | value |
                |---|---|
                %s

                ## Limitations

                - Demo data: the fraud label depends on the merchant category only, so the model cannot do much better than this.
                - Not calibrated per channel or country; retrain when the share of online transactions moves.
                """.formatted(rows, trained.trainingRows(), trained.holdoutRows(), metrics);
    }

    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

}
