package io.esteira.training;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import io.esteira.models.onnx.OnnxColumns;
import io.esteira.features.TrainingSets;
import io.esteira.models.Signature;
import io.esteira.models.TensorSpec;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * What a job leaves in its output folder, read by the contract: {@code model.onnx} (required, loads in ONNX
 * Runtime, every input a feature of the training set of a compatible type), {@code metrics.json} (required: an
 * object of metric names to numbers) and {@code model-card.md} (optional). Anything else wrong is a
 * {@link Problem} whose message says what, so that the run fails with it and nothing is registered.
 */
final class JobOutputs {

    static final String MODEL = "model.onnx";
    static final String METRICS = "metrics.json";
    static final String MODEL_CARD = "model-card.md";
    static final int MAX_METRICS = 200;
    static final int MAX_MODEL_CARD = 50_000;
    private static final Pattern METRIC = Pattern.compile("[A-Za-z][A-Za-z0-9_.-]{0,79}");
    private static final JsonMapper JSON = JsonMapper.builder().build();

    /** A broken contract: the message is the run's reason. */
    static final class Problem extends RuntimeException {
        Problem(String message) {
            super(message);
        }
    }

    record Read(Path model, Map<String, Double> metrics, String modelCard, Signature signature) {
    }

    private JobOutputs() {
    }

    static Read read(Path output, List<TrainingSets.Column> features, long maxModelBytes) {
        Path model = output.resolve(MODEL);
        if (!Files.isRegularFile(model, LinkOption.NOFOLLOW_LINKS)) {
            throw new Problem("The job wrote no " + MODEL + " into its output folder (ESTEIRA_OUTPUT_DIR)");
        }
        long size;
        try {
            size = Files.size(model);
        } catch (IOException e) {
            throw new Problem(MODEL + " cannot be read: " + e.getMessage());
        }
        if (size == 0) {
            throw new Problem(MODEL + " is empty");
        }
        if (size > maxModelBytes) {
            throw new Problem(MODEL + " has " + size + " bytes; the registry stores at most " + maxModelBytes);
        }
        Map<String, Double> metrics = metrics(output.resolve(METRICS));
        String card = modelCard(output.resolve(MODEL_CARD));
        Signature signature = signature(model);
        checkInputs(signature, features);
        return new Read(model, metrics, card, signature);
    }

    static Map<String, Double> metrics(Path file) {
        if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
            throw new Problem("The job wrote no " + METRICS + " into its output folder");
        }
        JsonNode root;
        try {
            if (Files.size(file) > 1_000_000) {
                throw new Problem(METRICS + " is larger than 1 MB");
            }
            root = JSON.readTree(Files.readString(file, StandardCharsets.UTF_8));
        } catch (IOException | JacksonException e) {
            throw new Problem(METRICS + " is not valid JSON: " + firstLine(e.getMessage()));
        }
        return metrics(root);
    }

    static Map<String, Double> metrics(JsonNode root) {
        if (root == null || !root.isObject()) {
            throw new Problem(METRICS + " must be a JSON object of metric names to numbers, e.g. {\"auc\": 0.81}");
        }
        Map<String, Double> metrics = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> e : root.properties()) {
            if (!METRIC.matcher(e.getKey()).matches()) {
                throw new Problem(METRICS + ": the metric name " + e.getKey() + " is not letters, digits, _ . - (starting with a letter, at most 80)");
            }
            if (!e.getValue().isNumber() || !Double.isFinite(e.getValue().asDouble())) {
                throw new Problem(METRICS + ": the metric " + e.getKey() + " is " + e.getValue() + ", not a finite number");
            }
            metrics.put(e.getKey(), e.getValue().asDouble());
        }
        if (metrics.isEmpty()) {
            throw new Problem(METRICS + " holds no metric");
        }
        if (metrics.size() > MAX_METRICS) {
            throw new Problem(METRICS + " holds " + metrics.size() + " metrics; at most " + MAX_METRICS);
        }
        return metrics;
    }

    private static String modelCard(Path file) {
        if (!Files.exists(file, LinkOption.NOFOLLOW_LINKS)) {
            return null;
        }
        try {
            if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS) || Files.size(file) > MAX_MODEL_CARD * 4L) {
                throw new Problem(MODEL_CARD + " must be a Markdown file of at most " + MAX_MODEL_CARD + " characters");
            }
            String text = Files.readString(file, StandardCharsets.UTF_8);
            if (text.length() > MAX_MODEL_CARD) {
                throw new Problem(MODEL_CARD + " has " + text.length() + " characters; at most " + MAX_MODEL_CARD);
            }
            return text;
        } catch (java.nio.charset.MalformedInputException e) {
            throw new Problem(MODEL_CARD + " is not UTF-8 text");
        } catch (IOException e) {
            throw new Problem(MODEL_CARD + " cannot be read: " + e.getMessage());
        }
    }

    /** The model's inputs and outputs as ONNX Runtime sees them. */
    static Signature signature(Path model) {
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        try (OrtSession.SessionOptions options = new OrtSession.SessionOptions();
                OrtSession session = env.createSession(model.toString(), options)) {
            return new Signature(specs("input", session.getInputInfo()), specs("output", session.getOutputInfo()));
        } catch (OrtException e) {
            throw new Problem(MODEL + " does not load in ONNX Runtime: " + firstLine(e.getMessage()));
        }
    }

    private static List<TensorSpec> specs(String kind, Map<String, NodeInfo> nodes) {
        List<TensorSpec> specs = new ArrayList<>();
        for (NodeInfo node : nodes.values()) {
            if (!(node.getInfo() instanceof TensorInfo tensor)) {
                throw new Problem("The " + kind + " " + node.getName() + " of " + MODEL + " is not a tensor (" + node.getInfo() + "); "
                        + "the registry serves tensors only");
            }
            specs.add(new TensorSpec(node.getName(), OnnxColumns.typeName(tensor.type),
                    Arrays.stream(tensor.getShape()).map(d -> d <= 0 ? -1 : d).boxed().toList()));
        }
        return specs;
    }

    /** Every input of the model is a feature of the training set, of a type that can carry it. */
    static void checkInputs(Signature signature, List<TrainingSets.Column> features) {
        Map<String, TrainingSets.Column> byName = new LinkedHashMap<>();
        features.forEach(f -> byName.put(f.name(), f));
        for (TensorSpec input : signature.inputs()) {
            TrainingSets.Column feature = byName.get(input.name());
            if (feature == null) {
                throw new Problem("The signature does not match the training set: " + MODEL + " takes the input " + input.name()
                        + ", which is not one of its features (" + String.join(", ", byName.keySet()) + ")");
            }
            if (!compatible(feature.kind(), input.type())) {
                throw new Problem("The signature does not match the training set: the input " + input.name() + " is " + input.type()
                        + " in " + MODEL + ", but the feature is " + feature.kind().toLowerCase());
            }
        }
    }

    static boolean compatible(String kind, String type) {
        boolean number = List.of("float", "double", "int64", "int32", "int16", "int8", "uint8", "float16").contains(type);
        return switch (kind) {
            case "NUMBER" -> number;
            case "TEXT" -> type.equals("string");
            case "BOOLEAN" -> type.equals("bool") || number;
            default -> type.equals("string");
        };
    }


    private static String firstLine(String text) {
        if (text == null) {
            return "";
        }
        int nl = text.indexOf('\n');
        return nl < 0 ? text : text.substring(0, nl);
    }
}
