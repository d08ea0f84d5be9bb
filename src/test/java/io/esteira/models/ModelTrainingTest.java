package io.esteira.models;

import static org.assertj.core.api.Assertions.assertThat;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The demo model is trained in Java and its ONNX export scores raw feature values in ONNX Runtime. */
class ModelTrainingTest {

    static List<DemoModelTrainer.Row> rows(int n) {
        String[] categories = {"groceries", "restaurants", "fuel", "travel", "electronics", "fashion", "online services", "gambling", "pharmacy", "cash withdrawal"};
        String[] channels = {"chip", "chip", "contactless", "contactless", "online", "online", "atm"};
        List<DemoModelTrainer.Row> rows = new ArrayList<>();
        for (long x = 1; x <= n; x++) {
            int category = (int) Math.floorMod((x * 2654435761L) / 4096, 10L);
            double amount = Math.round(Math.exp(Math.floorMod(x * 16807, 1000) / 1000.0 * 7) * 100) / 100.0;
            boolean fraud = Math.floorMod(x * 134775813L, 1000L) < (category == 4 || category == 7 ? 25 : 3);
            rows.add(new DemoModelTrainer.Row(amount, categories[category], channels[(int) Math.floorMod((x * 69069) / 256, 7L)], fraud, Math.floorMod((x * 48271) / 1024, 5L) == 0));
        }
        return rows;
    }

    @Test
    void the_demo_model_trains_and_its_onnx_export_scores_raw_features() throws Exception {
        DemoModelTrainer.Trained trained = DemoModelTrainer.train(rows(30000));
        assertThat(trained.metrics().get("auc")).as("AUC on the holdout").isGreaterThan(0.65);
        assertThat(trained.trainingRows() + trained.holdoutRows()).isEqualTo(30000);
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        try (OrtSession session = env.createSession(trained.onnx(), new OrtSession.SessionOptions())) {
            org.assertj.core.api.Assertions.assertThat(session.getInputInfo()).containsOnlyKeys("amount", "merchant_category", "channel");
            try (OnnxTensor amount = OnnxTensor.createTensor(env, new float[][] {{12.5f}, {900f}});
                    OnnxTensor category = OnnxTensor.createTensor(env, new String[] {"gambling", "groceries"}, new long[] {2, 1});
                    OnnxTensor channel = OnnxTensor.createTensor(env, new String[] {"online", "chip"}, new long[] {2, 1});
                    OrtSession.Result result = session.run(Map.of("amount", amount, "merchant_category", category, "channel", channel))) {
                float[][] p = (float[][]) result.get(DemoModelTrainer.OUTPUT).orElseThrow().getValue();
                assertThat(p[0][0]).as("gambling online scores above groceries by chip").isGreaterThan(p[1][0]);
                assertThat(p[0][0]).isBetween(0f, 1f);
            }
        }
    }
}
