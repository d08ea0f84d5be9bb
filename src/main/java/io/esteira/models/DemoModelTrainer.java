package io.esteira.models;

import ai.onnx.proto.OnnxMl;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
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
import org.tribuo.classification.sgd.linear.LogisticRegressionTrainer;
import org.tribuo.impl.ArrayExample;
import org.tribuo.provenance.SimpleDataSourceProvenance;
import org.tribuo.util.onnx.ONNXAttribute;
import org.tribuo.util.onnx.ONNXContext;
import org.tribuo.util.onnx.ONNXNode;
import org.tribuo.util.onnx.ONNXOperator;
import org.tribuo.util.onnx.ONNXOperators;
import org.tribuo.util.onnx.ONNXPlaceholder;
import org.tribuo.util.onnx.ONNXRef;

/**
 * Trains the demo fraud model without Python: a Tribuo logistic regression on a card transaction's
 * amount (log scale), merchant category and channel, exported to ONNX with Tribuo's own graph
 * writer. The exported graph takes the raw features as named inputs ({@code amount} as float,
 * the two categories as strings, each {@code [N, 1]}) and does the encoding itself (log1p and
 * ONNX-ML one-hot encoders), so the portal, or any ONNX runtime, scores rows as the feature store
 * has them. The output {@code fraud_probability} is {@code [N, 1]}.
 */
final class DemoModelTrainer {

    static final String FRAUD = "fraud";
    static final String LEGIT = "legit";
    static final String OUTPUT = "fraud_probability";
    static final List<String> CATEGORICAL = List.of("merchant_category", "channel");

    /** One card transaction; {@code holdout} rows are kept out of training and scored for the metrics. */
    record Row(double amount, String merchantCategory, String channel, boolean fraud, boolean holdout) {
    }

    record Trained(byte[] onnx, Map<String, Double> metrics, Map<String, String> parameters, int trainingRows, int holdoutRows) {
    }

    private DemoModelTrainer() {
    }

    static Trained train(List<Row> rows) {
        // Tribuo logs every thousand SGD steps at INFO through java.util.logging
        java.util.logging.Logger.getLogger("org.tribuo").setLevel(java.util.logging.Level.WARNING);
        LabelFactory labels = new LabelFactory();
        MutableDataset<Label> training = new MutableDataset<>(new SimpleDataSourceProvenance("demo warehouse: bank.card_transactions", labels), labels);
        List<Example<Label>> holdout = new ArrayList<>();
        Map<String, String> names = new java.util.HashMap<>();
        for (Row row : rows) {
            Example<Label> example = example(row, names);
            if (row.holdout()) {
                holdout.add(example);
            } else {
                training.add(example);
            }
        }
        LogisticRegressionTrainer trainer = new LogisticRegressionTrainer();
        LinearSGDModel model = trainer.train(training);


        MutableDataset<Label> test = new MutableDataset<>(new SimpleDataSourceProvenance("holdout", labels), labels);
        test.addAll(holdout);
        LabelEvaluation evaluation = new LabelEvaluator().evaluate(model, test);
        Label fraud = new Label(FRAUD);
        double logLoss = 0;
        for (Prediction<Label> p : model.predict(test)) {
            double probability = p.getOutputScores().get(FRAUD).getScore();
            probability = Math.min(1 - 1e-15, Math.max(1e-15, probability));
            logLoss -= p.getExample().getOutput().getLabel().equals(FRAUD) ? Math.log(probability) : Math.log(1 - probability);
        }
        Map<String, Double> metrics = new LinkedHashMap<>();
        metrics.put("auc", round(evaluation.AUCROC(fraud)));
        metrics.put("log_loss", round(logLoss / Math.max(1, holdout.size())));
        metrics.put("accuracy", round(evaluation.accuracy()));
        metrics.put("fraud_rate", round(holdout.stream().filter(e -> e.getOutput().getLabel().equals(FRAUD)).count() / (double) Math.max(1, holdout.size())));
        Map<String, String> parameters = new LinkedHashMap<>();
        parameters.put("trainer", "Tribuo LogisticRegressionTrainer (linear SGD, log loss, AdaGrad)");
        parameters.put("epochs", "5");
        parameters.put("seed", "12345");
        parameters.put("features", "amount (log1p), merchant_category (one-hot), channel (one-hot)");
        return new Trained(onnx(model), metrics, parameters, training.size(), holdout.size());
    }

    private static final Label FRAUD_LABEL = new Label(FRAUD);
    private static final Label LEGIT_LABEL = new Label(LEGIT);

    private static Example<Label> example(Row row, Map<String, String> names) {
        ArrayExample<Label> example = new ArrayExample<>(row.fraud() ? FRAUD_LABEL : LEGIT_LABEL, 1.0f, 3);
        example.add("amount", Math.log1p(Math.max(0, row.amount())));
        // one String per category, not per row: the demo trains on up to 100,000 rows at start-up
        example.add(names.computeIfAbsent("merchant_category@" + row.merchantCategory(), n -> n), 1);
        example.add(names.computeIfAbsent("channel@" + row.channel(), n -> n), 1);
        return example;
    }

    /** Raw inputs, the encoding of the training features in the order of the model's feature ids, then Tribuo's graph. */
    static byte[] onnx(LinearSGDModel model) {
        ImmutableFeatureMap features = model.getFeatureIDMap();
        List<String> ordered = new ArrayList<>();
        for (VariableInfo info : features) {
            ordered.add(info.getName());
        }
        ordered.sort(Comparator.comparingInt(name -> features.getID(name)));

        ONNXContext context = new ONNXContext();
        ONNXPlaceholder amount = context.floatInput("amount", 1);
        Map<String, ONNXPlaceholder> categorical = new LinkedHashMap<>();
        for (String input : CATEGORICAL) {
            categorical.put(input, context.floatInput(input, 1)); // made string inputs below
        }
        List<ONNXRef<?>> blocks = new ArrayList<>();
        int i = 0;
        while (i < ordered.size()) {
            String name = ordered.get(i);
            if (name.equals("amount")) {
                blocks.add(amount.apply(ONNXOperators.ADD, context.constant("one", 1f)).apply(Extra.LOG));
                i++;
                continue;
            }
            String input = name.substring(0, name.indexOf('@'));
            List<String> categories = new ArrayList<>();
            while (i < ordered.size() && ordered.get(i).startsWith(input + "@")) {
                categories.add(ordered.get(i).substring(input.length() + 1));
                i++;
            }
            ONNXNode encoded = categorical.get(input).apply(Extra.ONE_HOT_ENCODER,
                    Map.of("cats_strings", categories.toArray(String[]::new), "zeros", 1));
            blocks.add(encoded.apply(Extra.RESHAPE, context.array(input + "_shape", new long[] {-1, categories.size()})));
        }
        ONNXNode vector = context.operation(ONNXOperators.CONCAT, blocks, "features", Map.of("axis", 1));
        ONNXNode probabilities = model.writeONNXGraph(vector);
        int fraudIndex = model.getOutputIDInfo().getID(new Label(FRAUD));
        ONNXNode fraud = probabilities.apply(ONNXOperators.GATHER, context.array("fraud_index", new long[] {fraudIndex}), Map.of("axis", 1));
        fraud.assignTo(context.floatOutput(OUTPUT, 1));

        OnnxMl.ModelProto built = ONNXExportable.buildModel(context, "io.esteira.demo", 1, model);
        OnnxMl.GraphProto.Builder graph = built.getGraph().toBuilder();
        for (int k = 0; k < graph.getInputCount(); k++) {
            OnnxMl.ValueInfoProto in = graph.getInput(k);
            if (categorical.containsKey(in.getName())) {
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

    private static double round(double value) {
        return Math.round(value * 10000) / 10000.0;
    }

    /** ONNX operators Tribuo's own list lacks. */
    enum Extra implements ONNXOperator {
        LOG("Log", 1, 13, "", Map.of()),
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
