/*
 * A training job in Java that follows Esteira's job contract (see docs/training.md, section "The job contract"), run by the
 * environment "java" as a source-file program: `java esteira/samples/Train.java` with the portal's libraries on its CLASSPATH.
 *
 * It reads the training set and its description from the paths the portal gives it, fits a logistic regression
 * with Tribuo (linear SGD, log loss, AdaGrad), and writes:
 *
 * - model.onnx: the model with its encoding in the graph (optionally log1p of numbers, one-hot categories), one input
 *   per feature named as the feature, one output of shape [N, 1] (the probability of the positive label);
 * - metrics.json: AUC, log loss, accuracy and counts on a held-out part of the rows;
 * - model-card.md: a fragment the portal adds to the version's model card.
 *
 * Parameters (params.json): label (defaults to the job's label column), features (defaults to every feature of the
 * training set), log1p (numeric features taken as log(1 + max(0, x))), epochs (5), holdout (0.2), output (the
 * output's name, "probability"). The seed comes from ESTEIRA_SEED. The job's stdout is the run's log.
 */
package esteira.samples;

import ai.onnx.proto.OnnxMl;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import org.tribuo.Example;
import org.tribuo.ImmutableFeatureMap;
import org.tribuo.MutableDataset;
import org.tribuo.ONNXExportable;
import org.tribuo.Prediction;
import org.tribuo.VariableInfo;
import org.tribuo.classification.Label;
import org.tribuo.classification.LabelFactory;
import org.tribuo.classification.evaluation.LabelEvaluation;
import org.tribuo.classification.evaluation.LabelEvaluator;
import org.tribuo.classification.sgd.linear.LinearSGDModel;
import org.tribuo.classification.sgd.linear.LinearSGDTrainer;
import org.tribuo.classification.sgd.objectives.LogMulticlass;
import org.tribuo.data.csv.CSVIterator;
import org.tribuo.impl.ArrayExample;
import org.tribuo.math.optimisers.AdaGrad;
import org.tribuo.provenance.SimpleDataSourceProvenance;
import org.tribuo.util.onnx.ONNXAttribute;
import org.tribuo.util.onnx.ONNXContext;
import org.tribuo.util.onnx.ONNXNode;
import org.tribuo.util.onnx.ONNXOperator;
import org.tribuo.util.onnx.ONNXOperators;
import org.tribuo.util.onnx.ONNXPlaceholder;
import org.tribuo.util.onnx.ONNXRef;

public final class Train {

    /** A feature the model takes: a number (booleans as 0 or 1), or a category (one-hot). */
    public record Feature(String name, boolean categorical, boolean log1p) {
    }

    /** One row: a value per feature in their order (a Double or a String), its label, and whether it is held out. */
    public record Row(Object[] values, boolean positive, boolean holdout) {
    }

    public record Settings(int epochs, long seed, String output) {
    }

    public record Trained(byte[] onnx, Map<String, Double> metrics, int trainingRows, int holdoutRows) {
    }

    private static final Label POSITIVE = new Label("positive");
    private static final Label NEGATIVE = new Label("negative");

    private Train() {
    }

    public static void main(String[] args) throws IOException {
        ObjectMapper json = new ObjectMapper();
        JsonNode inputs = json.readTree(Path.of(env("ESTEIRA_INPUTS")).toFile());
        JsonNode params = json.readTree(Path.of(env("ESTEIRA_PARAMS")).toFile());
        Path out = Path.of(env("ESTEIRA_OUTPUT_DIR"));
        long seed = Long.parseLong(System.getenv().getOrDefault("ESTEIRA_SEED", "42"));

        String label = text(params, "label", text(inputs, "label", null));
        if (label == null || label.isBlank()) {
            fail("No label: give the job a label column, or the parameter 'label'");
        }
        Map<String, String> kinds = new LinkedHashMap<>();
        inputs.get("features").forEach(f -> kinds.put(f.get("name").asText(), f.get("kind").asText()));
        List<String> wanted = list(text(params, "features", null), new ArrayList<>(kinds.keySet()));
        List<String> unknown = wanted.stream().filter(f -> !kinds.containsKey(f)).toList();
        if (!unknown.isEmpty()) {
            fail("Not features of the training set: " + String.join(", ", unknown));
        }
        Set<String> log1p = Set.copyOf(list(text(params, "log1p", null), List.of()));
        List<Feature> features = wanted.stream().map(f -> new Feature(f, kinds.get(f).equals("TEXT"), log1p.contains(f))).toList();
        double holdoutShare = Double.parseDouble(text(params, "holdout", "0.2"));
        Settings settings = new Settings(Integer.parseInt(text(params, "epochs", "5")), seed, text(params, "output", "probability"));

        List<Row> rows = new ArrayList<>();
        SplittableRandom random = new SplittableRandom(seed);
        int skipped = 0;
        try (Reader reader = Files.newBufferedReader(Path.of(env("ESTEIRA_TRAINING_SET")), StandardCharsets.UTF_8);
                CSVIterator csv = new CSVIterator(reader, ',', '"')) {
            while (csv.hasNext()) {
                Map<String, String> row = csv.next().getRowData();
                String y = row.get(label);
                if (y == null || y.isEmpty()) {
                    skipped++;
                    continue;
                }
                Object[] values = new Object[features.size()];
                for (int i = 0; i < values.length; i++) {
                    Feature f = features.get(i);
                    String v = row.getOrDefault(f.name(), "");
                    values[i] = f.categorical() ? v : v.isEmpty() ? 0.0 : kinds.get(f.name()).equals("BOOLEAN") ? (truthy(v) ? 1.0 : 0.0)
                            : Double.parseDouble(v);
                }
                rows.add(new Row(values, truthy(y), random.nextDouble() < holdoutShare));
            }
        }
        System.out.printf("Read %d rows (%d without a label); features %s%n", rows.size(), skipped, wanted);
        long positives = rows.stream().filter(Row::positive).count();
        if (rows.size() < 10 || positives == 0 || positives == rows.size()) {
            fail("Too few rows or a single class to train on: " + rows.size() + " rows, " + positives + " positive");
        }
        Trained trained = train(features, rows, settings);
        System.out.printf("Holdout: AUC %.4f, log loss %.4f%n", trained.metrics().get("auc"), trained.metrics().get("log_loss"));

        Files.write(out.resolve("model.onnx"), trained.onnx());
        Map<String, Object> metrics = new LinkedHashMap<>(trained.metrics());
        metrics.put("training_rows", trained.trainingRows());
        metrics.put("holdout_rows", trained.holdoutRows());
        Files.writeString(out.resolve("metrics.json"), json.writerWithDefaultPrettyPrinter().writeValueAsString(metrics));
        Files.writeString(out.resolve("model-card.md"), """
                ## Logistic regression (Tribuo)

                Linear SGD with log loss and AdaGrad, %d epochs, seed %d. Label `%s`; features %s; categories one-hot
                encoded (an unseen category counts as none).

                Held out %d of %d rows: AUC %.3f, log loss %.4f.
                """.formatted(settings.epochs(), seed, label, String.join(", ", features.stream()
                .map(f -> f.name() + (f.log1p() ? " (log1p)" : f.categorical() ? " (one-hot)" : "")).toList()), trained.holdoutRows(),
                rows.size(), trained.metrics().get("auc"), trained.metrics().get("log_loss")));
        System.out.println("Wrote model.onnx, metrics.json and model-card.md");
    }

    /** Fits the model on the rows not held out and measures it on the others. */
    public static Trained train(List<Feature> features, List<Row> rows, Settings settings) {
        // Tribuo logs every thousand SGD steps at INFO through java.util.logging
        java.util.logging.Logger.getLogger("org.tribuo").setLevel(java.util.logging.Level.WARNING);
        LabelFactory labels = new LabelFactory();
        MutableDataset<Label> training = new MutableDataset<>(new SimpleDataSourceProvenance("training set", labels), labels);
        MutableDataset<Label> holdout = new MutableDataset<>(new SimpleDataSourceProvenance("holdout", labels), labels);
        Map<String, String> names = new HashMap<>();
        for (Row row : rows) {
            (row.holdout() ? holdout : training).add(example(features, row, names));
        }
        // what Tribuo's LogisticRegressionTrainer does, with the job's epochs and seed
        LinearSGDModel model = (LinearSGDModel) new LinearSGDTrainer(new LogMulticlass(), new AdaGrad(1.0, 0.1), settings.epochs(),
                1000, 1, settings.seed()).train(training);

        LabelEvaluation evaluation = new LabelEvaluator().evaluate(model, holdout);
        double logLoss = 0;
        for (Prediction<Label> p : model.predict(holdout)) {
            double probability = Math.min(1 - 1e-15, Math.max(1e-15, p.getOutputScores().get(POSITIVE.getLabel()).getScore()));
            logLoss -= p.getExample().getOutput().equals(POSITIVE) ? Math.log(probability) : Math.log(1 - probability);
        }
        Map<String, Double> metrics = new LinkedHashMap<>();
        metrics.put("auc", round(evaluation.AUCROC(POSITIVE)));
        metrics.put("log_loss", round(logLoss / Math.max(1, holdout.size())));
        metrics.put("accuracy", round(evaluation.accuracy()));
        metrics.put("positive_rate", round(rows.stream().filter(Row::positive).count() / (double) Math.max(1, rows.size())));
        return new Trained(onnx(features, model, settings.output()), metrics, training.size(), holdout.size());
    }

    private static Example<Label> example(List<Feature> features, Row row, Map<String, String> names) {
        ArrayExample<Label> example = new ArrayExample<>(row.positive() ? POSITIVE : NEGATIVE, 1.0f, features.size());
        for (int i = 0; i < features.size(); i++) {
            Feature f = features.get(i);
            if (f.categorical()) {
                // one String per category, not per row
                example.add(names.computeIfAbsent(f.name() + "@" + row.values()[i], n -> n), 1);
            } else {
                double x = (Double) row.values()[i];
                example.add(f.name(), f.log1p() ? Math.log1p(Math.max(0, x)) : x);
            }
        }
        return example;
    }

    /** Raw inputs, the encoding of the features in the order of the model's feature ids, then Tribuo's graph. */
    static byte[] onnx(List<Feature> features, LinearSGDModel model, String output) {
        ImmutableFeatureMap ids = model.getFeatureIDMap();
        List<String> ordered = new ArrayList<>();
        for (VariableInfo info : ids) {
            ordered.add(info.getName());
        }
        ordered.sort(Comparator.comparingInt(ids::getID));

        ONNXContext context = new ONNXContext();
        Map<String, Feature> byName = new LinkedHashMap<>();
        Map<String, ONNXPlaceholder> inputs = new LinkedHashMap<>();
        for (Feature f : features) {
            byName.put(f.name(), f);
            inputs.put(f.name(), context.floatInput(f.name(), 1)); // categories made string inputs below
        }
        List<ONNXRef<?>> blocks = new ArrayList<>();
        int i = 0;
        while (i < ordered.size()) {
            String name = ordered.get(i);
            Feature number = byName.get(name);
            if (number != null && !number.categorical()) {
                ONNXPlaceholder x = inputs.get(name);
                blocks.add(number.log1p() ? x.apply(Extra.MAX, context.constant(name + "_zero", 0f)).apply(ONNXOperators.ADD,
                        context.constant(name + "_one", 1f)).apply(Extra.LOG) : x);
                i++;
                continue;
            }
            String input = name.substring(0, name.indexOf('@'));
            List<String> categories = new ArrayList<>();
            while (i < ordered.size() && ordered.get(i).startsWith(input + "@")) {
                categories.add(ordered.get(i).substring(input.length() + 1));
                i++;
            }
            ONNXNode encoded = inputs.get(input).apply(Extra.ONE_HOT_ENCODER,
                    Map.of("cats_strings", categories.toArray(String[]::new), "zeros", 1));
            blocks.add(encoded.apply(Extra.RESHAPE, context.array(input + "_shape", new long[] {-1, categories.size()})));
        }
        ONNXNode vector = context.operation(ONNXOperators.CONCAT, blocks, "features", Map.of("axis", 1));
        ONNXNode probabilities = model.writeONNXGraph(vector);
        int positive = model.getOutputIDInfo().getID(POSITIVE);
        probabilities.apply(ONNXOperators.GATHER, context.array("positive_index", new long[] {positive}), Map.of("axis", 1))
                .assignTo(context.floatOutput(output, 1));

        OnnxMl.ModelProto built = ONNXExportable.buildModel(context, "esteira.samples", 1, model);
        OnnxMl.GraphProto.Builder graph = built.getGraph().toBuilder();
        for (int k = 0; k < graph.getInputCount(); k++) {
            OnnxMl.ValueInfoProto in = graph.getInput(k);
            Feature f = byName.get(in.getName());
            if (f != null && f.categorical()) {
                OnnxMl.ValueInfoProto.Builder b = in.toBuilder();
                b.getTypeBuilder().getTensorTypeBuilder().setElemType(OnnxMl.TensorProto.DataType.STRING.getNumber());
                graph.setInput(k, b);
            }
        }
        OnnxMl.ModelProto.Builder result = built.toBuilder().setGraph(graph);
        if (result.getOpsetImportList().stream().noneMatch(o -> o.getDomain().equals("ai.onnx.ml"))) {
            result.addOpsetImport(OnnxMl.OperatorSetIdProto.newBuilder().setDomain("ai.onnx.ml").setVersion(1));
        }
        return result.build().toByteArray();
    }

    private static String env(String name) {
        String value = System.getenv(name);
        if (value == null || value.isBlank()) {
            fail(name + " is not set: run this job through the portal, or set it as the job contract in docs/training.md says");
        }
        return value;
    }

    private static String text(JsonNode node, String field, String otherwise) {
        JsonNode v = node.get(field);
        return v == null || v.isNull() || v.asText().isBlank() ? otherwise : v.asText();
    }

    private static List<String> list(String commaSeparated, List<String> otherwise) {
        return commaSeparated == null ? otherwise : Arrays.stream(commaSeparated.split(",")).map(String::strip).filter(s -> !s.isEmpty()).toList();
    }

    private static boolean truthy(String text) {
        return Set.of("1", "true", "t", "yes", "y").contains(text.strip().toLowerCase(java.util.Locale.ROOT));
    }

    private static void fail(String why) {
        System.out.println(why);
        System.exit(1);
    }

    private static double round(double value) {
        return Math.round(value * 10000) / 10000.0;
    }

    /** ONNX operators Tribuo's own list lacks. */
    enum Extra implements ONNXOperator {
        LOG("Log", 1, 13, "", Map.of()),
        MAX("Max", 2, 13, "", Map.of()),
        RESHAPE("Reshape", 2, 13, "", Map.of()),
        ONE_HOT_ENCODER("OneHotEncoder", 1, 1, "ai.onnx.ml", Map.of(
                "cats_strings", new ONNXAttribute("cats_strings", OnnxMl.AttributeProto.AttributeType.STRINGS, false),
                "zeros", new ONNXAttribute("zeros", OnnxMl.AttributeProto.AttributeType.INT, false)));

        private final String name;
        private final int inputs;
        private final int version;
        private final String domain;
        private final Map<String, ONNXAttribute> attributes;

        Extra(String name, int inputs, int version, String domain, Map<String, ONNXAttribute> attributes) {
            this.name = name;
            this.inputs = inputs;
            this.version = version;
            this.domain = domain;
            this.attributes = attributes;
        }

        public String getOpName() { return name; }
        public int getNumInputs() { return inputs; }
        public int getNumOptionalInputs() { return 0; }
        public int getNumOutputs() { return 1; }
        public Map<String, ONNXAttribute> getAttributes() { return attributes; }
        public Set<String> getMandatoryAttributeNames() { return Set.of(); }
        public int getOpVersion() { return version; }
        public String getOpDomain() { return domain; }
    }
}
