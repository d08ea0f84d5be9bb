package io.esteira.deployments.serving;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OnnxValue;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import io.esteira.models.ArtifactDownload;
import io.esteira.models.ModelRegistry;
import io.esteira.models.Signature;
import io.esteira.models.TensorSpec;
import io.esteira.models.VersionView;
import io.esteira.models.onnx.OnnxColumns;
import io.esteira.shared.InvalidRequestException;
import io.esteira.shared.security.SystemActor;
import jakarta.annotation.PreDestroy;
import java.io.ByteArrayOutputStream;
import java.lang.reflect.Array;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.stereotype.Component;

/**
 * The ONNX Runtime sessions of the live deployments on this node, one per deployment, created at
 * deployment and lazily on any node that is asked for a prediction of a live deployment it has not
 * loaded (e.g. after a restart). Rows are checked against the version's signature before anything
 * runs. Only inputs of one value per row (shape {@code [-1]} or {@code [-1, 1]}) are served.
 */
@Component
public class OnlineServing {

    static final int MAX_ROWS = 1000;
    private static final Set<String> NUMBERS = Set.of("float", "double", "int64", "int32");
    private static final Set<String> SERVED = Set.of("float", "double", "int64", "int32", "string", "bool");

    public record Loaded(UUID versionId, Signature signature, OrtSession session) {
    }

    private final ModelRegistry registry;
    private final Map<UUID, Loaded> sessions = new ConcurrentHashMap<>();

    OnlineServing(ModelRegistry registry) {
        this.registry = registry;
    }

    /** Loads the version's artifact into a session for the deployment (replacing one it had); throws when it cannot serve. */
    Loaded load(UUID deploymentId, UUID versionId) {
        Loaded loaded = SystemActor.call(() -> create(versionId));
        Loaded previous = sessions.put(deploymentId, loaded);
        if (previous != null) {
            close(previous);
        }
        return loaded;
    }

    /** The session of a live deployment, created here if this node has none yet. */
    public Loaded session(UUID deploymentId, UUID versionId) {
        Loaded loaded = sessions.get(deploymentId);
        if (loaded != null && loaded.versionId().equals(versionId)) {
            return loaded;
        }
        synchronized (this) {
            loaded = sessions.get(deploymentId);
            if (loaded != null && loaded.versionId().equals(versionId)) {
                return loaded;
            }
            return load(deploymentId, versionId);
        }
    }

    public boolean holds(UUID deploymentId) {
        return sessions.containsKey(deploymentId);
    }

    public void evict(UUID deploymentId) {
        Optional.ofNullable(sessions.remove(deploymentId)).ifPresent(OnlineServing::close);
    }

    private Loaded create(UUID versionId) {
        VersionView v = registry.versionById(versionId);
        Signature signature = v.signature();
        for (TensorSpec in : signature.inputs()) {
            if (!SERVED.contains(in.type())) {
                throw new IllegalStateException("The input " + in + " is of a type online serving does not take yet");
            }
            if (!oneValuePerRow(in)) {
                throw new IllegalStateException("The input " + in + " is not one value per row ([-1] or [-1, 1]); online serving takes only such inputs");
            }
        }
        ArtifactDownload artifact = registry.download(v.modelId(), v.number());
        ByteArrayOutputStream bytes = new ByteArrayOutputStream((int) Math.max(0, Math.min(Integer.MAX_VALUE - 8, artifact.size())));
        artifact.writer().accept(bytes);
        byte[] onnx = bytes.toByteArray();
        if (artifact.sha256() != null && !artifact.sha256().equals(sha256(onnx))) {
            throw new IllegalStateException("The artifact's bytes do not have the registered SHA-256 " + artifact.sha256());
        }
        try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
            options.setIntraOpNumThreads(1);
            options.setInterOpNumThreads(1);
            return new Loaded(versionId, signature, OrtEnvironment.getEnvironment().createSession(onnx, options));
        } catch (OrtException e) {
            throw new IllegalStateException("ONNX Runtime cannot load the artifact: " + e.getMessage(), e);
        }
    }

    private static boolean oneValuePerRow(TensorSpec spec) {
        List<Long> shape = spec.shape();
        return (shape.size() == 1 && shape.get(0) < 0) || (shape.size() == 2 && shape.get(0) < 0 && shape.get(1) == 1);
    }

    /** Checks the rows against the signature, every problem named by its field ({@code rows[2].amount}). */
    public static void validate(Signature signature, List<Map<String, Object>> rows) {
        if (rows == null || rows.isEmpty()) {
            throw new InvalidRequestException("rows", "Send the rows to score: {\"rows\": [{...}, ...]}");
        }
        if (rows.size() > MAX_ROWS) {
            throw new InvalidRequestException("rows", "At most " + MAX_ROWS + " rows per call; this one has " + rows.size());
        }
        Map<String, String> errors = new LinkedHashMap<>();
        Map<String, TensorSpec> inputs = new LinkedHashMap<>();
        signature.inputs().forEach(i -> inputs.put(i.name(), i));
        for (int r = 0; r < rows.size() && errors.size() < 20; r++) {
            Map<String, Object> row = rows.get(r);
            if (row == null) {
                errors.put("rows[" + r + "]", "A row is an object of the inputs " + inputs.keySet());
                continue;
            }
            for (String field : row.keySet()) {
                if (!inputs.containsKey(field)) {
                    errors.put("rows[" + r + "]." + field, "Unknown field " + field + "; the model's inputs are " + inputs.keySet());
                }
            }
            for (TensorSpec in : inputs.values()) {
                String field = "rows[" + r + "]." + in.name();
                Object value = row.get(in.name());
                if (value == null) {
                    errors.put(field, "Missing input " + in.name() + " (" + in.type() + ")");
                } else if (!fits(in.type(), value)) {
                    errors.put(field, in.name() + " must be " + article(in.type()) + ", not " + describe(value));
                }
            }
        }
        if (!errors.isEmpty()) {
            throw new InvalidRequestException("The rows do not match the model's signature: "
                    + String.join("; ", errors.entrySet().stream().map(e -> e.getKey() + ": " + e.getValue()).toList()), errors);
        }
    }

    private static boolean fits(String type, Object value) {
        if (NUMBERS.contains(type)) {
            if (!(value instanceof Number n)) {
                return false;
            }
            double d = n.doubleValue();
            return Double.isFinite(d) && (type.startsWith("float") || type.equals("double") || d == Math.rint(d));
        }
        return switch (type) {
            case "string" -> value instanceof String;
            case "bool" -> value instanceof Boolean;
            default -> false;
        };
    }

    private static String article(String type) {
        return switch (type) {
            case "float", "double" -> "a number";
            case "int64", "int32" -> "a whole number";
            case "string" -> "a string";
            case "bool" -> "true or false";
            default -> type;
        };
    }

    private static String describe(Object value) {
        if (value instanceof String s) {
            return "the string \"" + (s.length() > 40 ? s.substring(0, 40) + "…" : s) + "\"";
        }
        if (value instanceof Number || value instanceof Boolean) {
            return String.valueOf(value);
        }
        return value instanceof List<?> ? "a list" : value instanceof Map<?, ?> ? "an object" : value.getClass().getSimpleName();
    }

    /** Scores validated rows: one map of the declared outputs per row. */
    public static List<Map<String, Object>> predict(Loaded loaded, List<Map<String, Object>> rows) {
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        int n = rows.size();
        Map<String, OnnxTensor> inputs = new LinkedHashMap<>();
        try {
            for (TensorSpec spec : loaded.signature().inputs()) {
                long[] shape = spec.shape().size() == 1 ? new long[] {n} : new long[] {n, 1};
                inputs.put(spec.name(), OnnxColumns.tensor(env, spec.type(), rows.stream().map(r -> r.get(spec.name())).toList(), shape));
            }
            try (OrtSession.Result result = loaded.session().run(inputs)) {
                List<Map<String, Object>> out = new ArrayList<>(n);
                for (int i = 0; i < n; i++) {
                    out.add(new LinkedHashMap<>());
                }
                for (TensorSpec spec : loaded.signature().outputs()) {
                    Optional<OnnxValue> value = result.get(spec.name());
                    if (value.isEmpty() || !(value.get() instanceof OnnxTensor tensor)) {
                        throw new IllegalStateException("The model gave no tensor " + spec.name());
                    }
                    Object array = tensor.getValue();
                    if (!array.getClass().isArray() || Array.getLength(array) != n) {
                        throw new IllegalStateException("The output " + spec.name() + " does not have one entry per row");
                    }
                    for (int i = 0; i < n; i++) {
                        out.get(i).put(spec.name(), plain(Array.get(array, i)));
                    }
                }
                return out;
            }
        } catch (OrtException e) {
            throw new IllegalStateException("ONNX Runtime failed to score the rows: " + e.getMessage(), e);
        } finally {
            inputs.values().forEach(OnnxTensor::close);
        }
    }

    /** A row's output: a single value as itself, a longer array as a list. */
    private static Object plain(Object value) {
        if (value == null || !value.getClass().isArray()) {
            return value;
        }
        int length = Array.getLength(value);
        if (length == 1) {
            return plain(Array.get(value, 0));
        }
        List<Object> list = new ArrayList<>(length);
        for (int i = 0; i < length; i++) {
            list.add(plain(Array.get(value, i)));
        }
        return list;
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void close(Loaded loaded) {
        try {
            loaded.session().close();
        } catch (OrtException e) {
            // closing a session that is going away anyway
        }
    }

    @PreDestroy
    void closeAll() {
        sessions.values().forEach(OnlineServing::close);
        sessions.clear();
    }
}
