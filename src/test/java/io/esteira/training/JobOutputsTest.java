package io.esteira.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.esteira.features.TrainingSets;
import io.esteira.models.Signature;
import io.esteira.models.TensorSpec;
import io.esteira.training.runners.BoundedLog;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JobOutputsTest {

    @TempDir
    Path dir;

    static final List<TrainingSets.Column> FEATURES = List.of(new TrainingSets.Column("amount", "NUMBER", "tx", 1),
            new TrainingSets.Column("channel", "TEXT", "tx", 1), new TrainingSets.Column("is_fraud", "BOOLEAN", "tx", 1));

    @Test
    void metrics_are_an_object_of_names_to_finite_numbers() throws Exception {
        Files.writeString(dir.resolve("metrics.json"), "{\"auc\": 0.81, \"log_loss\": 0.2, \"rows\": 300}");
        assertThat(JobOutputs.metrics(dir.resolve("metrics.json"))).containsEntry("auc", 0.81).containsEntry("rows", 300.0);
    }

    @Test
    void malformed_metrics_say_what_is_wrong() throws Exception {
        Path file = dir.resolve("metrics.json");
        Files.writeString(file, "{\"auc\": 0.81,");
        assertThatThrownBy(() -> JobOutputs.metrics(file)).isInstanceOf(JobOutputs.Problem.class).hasMessageContaining("not valid JSON");
        Files.writeString(file, "[0.81]");
        assertThatThrownBy(() -> JobOutputs.metrics(file)).hasMessageContaining("must be a JSON object");
        Files.writeString(file, "{\"auc\": \"high\"}");
        assertThatThrownBy(() -> JobOutputs.metrics(file)).hasMessageContaining("the metric auc is \"high\", not a finite number");
        Files.writeString(file, "{\"a uc\": 1}");
        assertThatThrownBy(() -> JobOutputs.metrics(file)).hasMessageContaining("the metric name a uc");
        Files.writeString(file, "{}");
        assertThatThrownBy(() -> JobOutputs.metrics(file)).hasMessageContaining("holds no metric");
        Files.delete(file);
        assertThatThrownBy(() -> JobOutputs.metrics(file)).hasMessageContaining("wrote no metrics.json");
    }

    @Test
    void a_missing_or_empty_or_broken_model_is_refused() throws Exception {
        Files.writeString(dir.resolve("metrics.json"), "{\"auc\": 0.8}");
        assertThatThrownBy(() -> JobOutputs.read(dir, FEATURES, 1_000_000)).hasMessageContaining("wrote no model.onnx");
        Files.write(dir.resolve("model.onnx"), new byte[0]);
        assertThatThrownBy(() -> JobOutputs.read(dir, FEATURES, 1_000_000)).hasMessageContaining("model.onnx is empty");
        Files.writeString(dir.resolve("model.onnx"), "not a model");
        assertThatThrownBy(() -> JobOutputs.read(dir, FEATURES, 1_000_000)).hasMessageContaining("does not load in ONNX Runtime");
        Files.writeString(dir.resolve("model.onnx"), "x".repeat(100));
        assertThatThrownBy(() -> JobOutputs.read(dir, FEATURES, 10)).hasMessageContaining("the registry stores at most 10");
    }

    @Test
    void every_input_of_the_model_is_a_feature_of_the_training_set_of_a_compatible_type() {
        TensorSpec probability = new TensorSpec("probability", "float", List.of(-1L, 1L));
        JobOutputs.checkInputs(new Signature(List.of(new TensorSpec("amount", "float", List.of(-1L, 1L)),
                new TensorSpec("channel", "string", List.of(-1L, 1L)), new TensorSpec("is_fraud", "bool", List.of(-1L, 1L))),
                List.of(probability)), FEATURES);
        assertThatThrownBy(() -> JobOutputs.checkInputs(new Signature(List.of(new TensorSpec("merchant", "string", List.of(-1L, 1L))),
                List.of(probability)), FEATURES)).hasMessageContaining("takes the input merchant, which is not one of its features (amount, channel, is_fraud)");
        assertThatThrownBy(() -> JobOutputs.checkInputs(new Signature(List.of(new TensorSpec("channel", "float", List.of(-1L, 1L))),
                List.of(probability)), FEATURES)).hasMessageContaining("the input channel is float in model.onnx, but the feature is text");
    }

    @Test
    void the_log_keeps_its_head_and_its_end_within_bounds() throws Exception {
        Path file = dir.resolve("run.log");
        BoundedLog log = new BoundedLog(file, 100, 50);
        StringBuilder all = new StringBuilder();
        for (int i = 0; i < 100; i++) {
            String line = "line " + i + "\n";
            all.append(line);
            byte[] bytes = line.getBytes(StandardCharsets.UTF_8);
            log.write(bytes, 0, bytes.length);
        }
        assertThat(log.total()).isEqualTo(all.length());
        assertThat(log.text(10_000)).startsWith("line 0\n").contains("bytes of the log left out").endsWith("line 99\n");
        log.close();
        String kept = Files.readString(file);
        assertThat(kept.length()).isLessThan(250);
        assertThat(kept).startsWith("line 0\n").contains("left out").endsWith("line 99\n");
    }

    @Test
    void the_training_sets_cells_are_split_as_the_feature_store_quotes_them() {
        assertThat(VersionRegistration.Csv.split("1,\"a,b\",\"say \"\"hi\"\"\",")).containsExactly("1", "a,b", "say \"hi\"", "");
    }
}
