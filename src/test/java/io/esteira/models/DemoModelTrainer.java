package io.esteira.models;

import esteira.samples.Train;
import java.util.List;
import java.util.Map;

/**
 * A registry test's model: the sample Java training job's trainer ({@code samples/training/tribuo-logistic-regression},
 * a test source folder) on card transactions, with the demo model's features and output, trained in the test's JVM.
 */
final class DemoModelTrainer {

    static final String MODEL = "card_fraud";
    static final String FEATURE_GROUP = "latest_card_transaction";
    static final String OUTPUT = "fraud_probability";
    private static final List<Train.Feature> FEATURES = List.of(new Train.Feature("amount", false, true),
            new Train.Feature("merchant_category", true, false), new Train.Feature("channel", true, false));

    /** One card transaction; {@code holdout} rows are kept out of training and scored for the metrics. */
    record Row(double amount, String merchantCategory, String channel, boolean fraud, boolean holdout) {
    }

    record Trained(byte[] onnx, Map<String, Double> metrics, int trainingRows, int holdoutRows) {
    }

    private DemoModelTrainer() {
    }

    static String sha256(byte[] bytes) {
        try {
            return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static Trained train(List<Row> rows) {
        Train.Trained trained = Train.train(FEATURES, rows.stream().map(r -> new Train.Row(new Object[] {r.amount(), r.merchantCategory(),
                r.channel()}, r.fraud(), r.holdout())).toList(), new Train.Settings(5, 12345, OUTPUT));
        return new Trained(trained.onnx(), trained.metrics(), trained.trainingRows(), trained.holdoutRows());
    }
}
