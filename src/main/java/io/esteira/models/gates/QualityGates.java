package io.esteira.models.gates;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OnnxValue;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import io.esteira.features.ColumnInfo.Kind;
import io.esteira.features.FeatureDraft;
import io.esteira.features.FeatureGroupService;
import io.esteira.features.FeatureGroupView;
import io.esteira.features.SampleRows;
import io.esteira.models.Lineage;
import io.esteira.models.ModelEvents.ModelVersionGated;
import io.esteira.models.Signature;
import io.esteira.models.TensorSpec;
import io.esteira.models.Threshold;
import io.esteira.models.domain.ArtifactStore;
import io.esteira.models.domain.GateRow;
import io.esteira.models.domain.Model;
import io.esteira.models.domain.ModelVersion;
import io.esteira.models.domain.ModelVersion.GatesState;
import io.esteira.models.domain.ModelVersions;
import io.esteira.models.domain.Models;
import io.esteira.models.domain.StoredRecords;
import io.esteira.models.onnx.OnnxColumns;
import io.esteira.shared.Trace;
import io.esteira.shared.security.SystemActor;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.DoubleBuffer;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.event.EventListener;
import org.springframework.dao.OptimisticLockingFailureException;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The quality gates of a version, run once, in the background, on the node that registered it:
 * (1) the artifact loads in ONNX Runtime and its inputs and outputs are the declared ones; (2) every
 * input is a feature of a referenced feature group version, of a compatible type; (3) the metrics
 * meet the model's thresholds; (4) a prediction on sample rows gives outputs of the declared shape
 * without NaN; (5) the stored bytes' SHA-256 is the declared one. A version whose node died while
 * its gates ran is taken up again at the next start of any node.
 */
@Component
public class QualityGates {

    private static final Logger log = LoggerFactory.getLogger(QualityGates.class);
    private static final int SAMPLE_ROWS = 20;

    private final Models models;
    private final ModelVersions versions;
    private final ArtifactStore artifacts;
    private final FeatureGroupService featureGroups;
    private final ApplicationEventPublisher events;
    private final TransactionTemplate tx;
    private final String node;
    private final Duration takeOverAfter;
    private final Clock clock;

    QualityGates(Models models, ModelVersions versions, ArtifactStore artifacts, FeatureGroupService featureGroups,
            ApplicationEventPublisher events, PlatformTransactionManager transactionManager, @Value("${esteira.node-id:local}") String node,
            @Value("${esteira.models.gates-take-over-after:PT15M}") Duration takeOverAfter, Clock clock) {
        this.clock = clock;
        this.models = models;
        this.versions = versions;
        this.artifacts = artifacts;
        this.featureGroups = featureGroups;
        this.events = events;
        this.tx = new TransactionTemplate(transactionManager);
        this.tx.setPropagationBehavior(TransactionTemplate.PROPAGATION_REQUIRES_NEW);
        this.node = node;
        this.takeOverAfter = takeOverAfter;
    }

    public void start(UUID versionId) {
        Thread.ofVirtual().name("model-gates").start(() -> {
            try {
                run(versionId);
            } catch (RuntimeException e) {
                log.warn("Quality gates of model version {} stopped: {}", versionId, e.getMessage());
            }
        });
    }

    /** Gates that a stop interrupted, or that never started, run at start-up. */
    @EventListener(ApplicationReadyEvent.class)
    public void resume() {
        Instant stale = clock.instant().minus(takeOverAfter);
        for (ModelVersion v : versions.findByGatesStateIn(List.of(GatesState.PENDING, GatesState.RUNNING))) {
            boolean orphaned = v.getGatesState() == GatesState.PENDING || node.equals(v.getGatesNode())
                    || v.getGatesStartedAt() == null || v.getGatesStartedAt().isBefore(stale);
            if (orphaned) {
                start(v.getId());
            }
        }
    }

    /** Claims the version (only one node runs its gates), runs them and stores the results. */
    void run(UUID versionId) {
        ModelVersion version;
        try {
            version = tx.execute(s -> versions.findById(versionId).filter(v -> v.getGatesState() == GatesState.PENDING
                    || v.getGatesState() == GatesState.RUNNING).map(v -> {
                        v.gatesRunning(node, clock.instant());
                        return versions.saveAndFlush(v);
                    }).orElse(null));
        } catch (OptimisticLockingFailureException e) {
            return; // another node claimed it
        }
        if (version == null) {
            return;
        }
        Model model = models.findById(version.getModelId()).orElseThrow();
        List<GateRow> results = SystemActor.call(() -> gates(model, version));
        String summary = results.stream().map(r -> Gate.valueOf(r.getGate()).title() + ": " + r.getState().toLowerCase()).reduce((a, b) -> a + "; " + b).orElse("");
        try {
            tx.executeWithoutResult(s -> versions.findById(versionId).ifPresent(v -> {
                v.gatesFinished(results, clock.instant());
                versions.saveAndFlush(v);
                events.publishEvent(new ModelVersionGated(model.getId(), v.getId(), model.getAreaId(), model.getName(), v.getNumber(),
                        v.getGatesState().name(), summary, Trace.system(clock)));
            }));
            log.info("Quality gates of model {} version {}: {}", model.getName(), version.getNumber(), summary);
        } catch (RuntimeException stopping) { // the portal is shutting down: the next start runs them again
            log.warn("Quality gates of model {} version {} left for the next start: {}", model.getName(), version.getNumber(), stopping.getMessage());
        }
    }

    private List<GateRow> gates(Model model, ModelVersion version) {
        Signature signature = StoredRecords.signature(version);
        Lineage lineage = StoredRecords.lineage(version);
        Map<Gate, GateRow> done = new EnumMap<>(Gate.class);
        Path file = null;
        try {
            String stored = null;
            if (version.getFormat() == ModelVersion.Format.ONNX) {
                file = Files.createTempFile("model-" + version.getId(), ".onnx");
                try (OutputStream out = Files.newOutputStream(file)) {
                    stored = artifacts.copy(version.getId(), out).sha256();
                }
            }
            List<FeatureGroupView> groups = new ArrayList<>();
            String lineageProblem = null;
            for (Lineage.FeatureGroupRef ref : lineage.featureGroups()) {
                try {
                    groups.add(featureGroups.getByName(ref.name()));
                } catch (RuntimeException e) {
                    lineageProblem = "The feature group " + ref.name() + " cannot be read: " + e.getMessage();
                }
            }
            String problem = lineageProblem;
            done.put(Gate.SIGNATURE_FEATURES, timed(Gate.SIGNATURE_FEATURES, () -> problem != null ? failed(problem)
                    : signatureMatchesFeatures(signature, lineage, groups)));
            done.put(Gate.METRIC_THRESHOLDS, timed(Gate.METRIC_THRESHOLDS, () -> thresholds(model, StoredRecords.metrics(version))));
            String checksum = stored;
            done.put(Gate.CHECKSUM, timed(Gate.CHECKSUM, () -> checksum(version, checksum)));
            if (file == null) {
                done.put(Gate.ONNX_LOADS, skipped(Gate.ONNX_LOADS, "The artifact lives at " + version.getArtifactUri() + "; the portal cannot load it"));
                done.put(Gate.SMOKE_PREDICTION, skipped(Gate.SMOKE_PREDICTION, "No artifact in the portal to run"));
            } else {
                OrtEnvironment env = OrtEnvironment.getEnvironment();
                long started = System.nanoTime();
                try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
                    options.setIntraOpNumThreads(1);
                    options.setInterOpNumThreads(1);
                    try (OrtSession session = env.createSession(file.toString(), options)) {
                        done.put(Gate.ONNX_LOADS, row(Gate.ONNX_LOADS, matchesSignature(session, signature), started));
                        done.put(Gate.SMOKE_PREDICTION, done.get(Gate.ONNX_LOADS).getState().equals("PASSED")
                                ? timed(Gate.SMOKE_PREDICTION, () -> smoke(env, session, signature, version, lineage, groups))
                                : skipped(Gate.SMOKE_PREDICTION, "Runs once the artifact loads with the declared signature"));
                    }
                } catch (OrtException | RuntimeException e) {
                    done.put(Gate.ONNX_LOADS, row(Gate.ONNX_LOADS, failed("ONNX Runtime cannot load the artifact: " + e.getMessage()), started));
                    done.put(Gate.SMOKE_PREDICTION, skipped(Gate.SMOKE_PREDICTION, "Runs once the artifact loads"));
                }
            }
        } catch (IOException e) {
            log.warn("Quality gates of {} v{}: {}", model.getName(), version.getNumber(), e.getMessage());
            for (Gate g : Gate.values()) {
                done.putIfAbsent(g, new GateRow(g.name(), "FAILED", "The portal could not read the artifact: " + e.getMessage(), 0, clock.instant()));
            }
        } finally {
            if (file != null) {
                try {
                    Files.deleteIfExists(file);
                } catch (IOException e) {
                    log.warn("Temporary artifact {} not deleted: {}", file, e.getMessage());
                }
            }
        }
        List<GateRow> ordered = new ArrayList<>();
        for (Gate g : Gate.values()) {
            ordered.add(done.get(g));
        }
        return ordered;
    }

    // (1) the artifact's own inputs and outputs are the declared ones

    static Outcome matchesSignature(OrtSession session, Signature declared) throws OrtException {
        List<String> problems = new ArrayList<>();
        compare("input", session.getInputInfo(), declared.inputs(), problems);
        compare("output", session.getOutputInfo(), declared.outputs(), problems);
        return problems.isEmpty()
                ? passed("Loads; inputs " + declared.inputs() + ", outputs " + declared.outputs() + " as declared")
                : failed(String.join("; ", problems));
    }

    private static void compare(String kind, Map<String, NodeInfo> actual, List<TensorSpec> declared, List<String> problems) {
        Map<String, TensorSpec> byName = new LinkedHashMap<>();
        declared.forEach(t -> byName.put(t.name(), t));
        for (NodeInfo node : actual.values()) {
            TensorSpec spec = byName.remove(node.getName());
            if (spec == null) {
                problems.add("The artifact has the " + kind + " " + node.getName() + ", which the signature does not declare");
                continue;
            }
            if (!(node.getInfo() instanceof TensorInfo tensor)) {
                problems.add("The " + kind + " " + node.getName() + " is not a tensor (" + node.getInfo() + ")");
                continue;
            }
            String type = OnnxColumns.typeName(tensor.type);
            if (!type.equals(spec.type())) {
                problems.add("The " + kind + " " + node.getName() + " is " + type + " in the artifact, declared " + spec.type());
            }
            long[] shape = tensor.getShape();
            if (shape.length != spec.shape().size()) {
                problems.add("The " + kind + " " + node.getName() + " has " + shape.length + " dimensions in the artifact, declared "
                        + spec.shape().size());
            } else {
                for (int i = 0; i < shape.length; i++) {
                    long a = shape[i];
                    long d = spec.shape().get(i);
                    if (a > 0 && d > 0 && a != d) {
                        problems.add("Dimension " + i + " of the " + kind + " " + node.getName() + " is " + a + " in the artifact, declared " + d);
                    }
                }
            }
        }
        byName.keySet().forEach(n -> problems.add("The signature declares the " + kind + " " + n + ", which the artifact does not have"));
    }


    // (2) every input is a feature the model was trained on, of a compatible type

    static Outcome signatureMatchesFeatures(Signature signature, Lineage lineage, List<FeatureGroupView> groups) {
        List<String> problems = new ArrayList<>();
        List<String> matched = new ArrayList<>();
        for (TensorSpec input : signature.inputs()) {
            Optional<Map.Entry<String, FeatureDraft>> feature = feature(input.name(), lineage, groups);
            if (feature.isEmpty()) {
                problems.add(input.name() + " is not a feature of " + lineage.featureGroups().stream().map(Lineage.FeatureGroupRef::toString).toList());
            } else if (!compatible(feature.get().getValue().type(), input.type())) {
                problems.add(input.name() + " is " + input.type() + " in the model but " + feature.get().getValue().type().name().toLowerCase()
                        + " in " + feature.get().getKey());
            } else {
                matched.add(input.name() + " ← " + feature.get().getKey());
            }
        }
        return problems.isEmpty() ? passed("Every input is a feature: " + String.join(", ", matched)) : failed(String.join("; ", problems));
    }

    private static Optional<Map.Entry<String, FeatureDraft>> feature(String name, Lineage lineage, List<FeatureGroupView> groups) {
        for (Lineage.FeatureGroupRef ref : lineage.featureGroups()) {
            for (FeatureGroupView group : groups) {
                if (!group.name().equalsIgnoreCase(ref.name())) {
                    continue;
                }
                for (FeatureGroupView.VersionView v : group.versions()) {
                    if (v.number() == ref.version()) {
                        for (FeatureDraft f : v.features()) {
                            if (f.name().equals(name)) {
                                return Optional.of(Map.entry(ref.toString(), f));
                            }
                        }
                    }
                }
            }
        }
        return Optional.empty();
    }

    static boolean compatible(Kind feature, String type) {
        return switch (feature) {
            case NUMBER -> List.of("float", "double", "int64", "int32", "int16", "int8", "uint8", "float16").contains(type);
            case TEXT -> type.equals("string");
            case BOOLEAN -> List.of("bool", "float", "double", "int64", "int32", "int8", "uint8").contains(type);
            case TIME -> List.of("int64", "string", "double").contains(type);
            default -> false;
        };
    }

    // (3) metrics against the model's thresholds

    static Outcome thresholds(Model model, Map<String, Double> metrics) {
        List<Threshold> thresholds = StoredRecords.thresholds(model);
        if (thresholds.isEmpty()) {
            return passed("The model sets no thresholds");
        }
        List<String> problems = new ArrayList<>();
        List<String> met = new ArrayList<>();
        for (Threshold t : thresholds) {
            Double actual = metrics.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(t.metric())).map(Map.Entry::getValue).findFirst().orElse(null);
            if (actual == null) {
                problems.add(t.metric() + " is missing (needs " + t + ")");
            } else if (!t.holds(actual)) {
                problems.add(t.metric() + " = " + actual + " does not meet " + t);
            } else {
                met.add(t.metric() + " = " + actual + " meets " + t);
            }
        }
        return problems.isEmpty() ? passed(String.join("; ", met)) : failed(String.join("; ", problems));
    }

    // (4) a prediction on sample rows

    private Outcome smoke(OrtEnvironment env, OrtSession session, Signature signature, ModelVersion version, Lineage lineage,
            List<FeatureGroupView> groups) throws OrtException {
        List<Map<String, Object>> rows = StoredRecords.sampleRows(version);
        String from = "the registration's sample rows";
        if (rows.isEmpty()) {
            rows = featureRows(signature, lineage, groups);
            from = "rows of " + lineage.featureGroups().stream().map(Lineage.FeatureGroupRef::toString).toList();
        }
        if (rows.isEmpty()) {
            return failed("No sample rows: the referenced feature groups gave no complete row for the inputs, and the metadata has no sampleRows");
        }
        return predict(env, session, signature, rows, from);
    }

    static Outcome predict(OrtEnvironment env, OrtSession session, Signature signature, List<Map<String, Object>> rows, String from)
            throws OrtException {
        int n = rows.size();
        Map<String, OnnxTensor> inputs = new LinkedHashMap<>();
        try {
            for (TensorSpec spec : signature.inputs()) {
                long[] shape = spec.shape().stream().mapToLong(d -> d < 0 ? n : d).toArray();
                long perRow = 1;
                for (int i = 1; i < shape.length; i++) {
                    perRow *= shape[i];
                }
                if (shape.length == 0 || shape[0] != n || perRow != 1) {
                    return failed("The smoke prediction gives one value per row; " + spec + " needs another shape (declare [-1] or [-1, 1])");
                }
                List<Object> values = new ArrayList<>();
                for (Map<String, Object> row : rows) {
                    Object value = row.get(spec.name());
                    if (value == null) {
                        return failed("A sample row has no value for " + spec.name());
                    }
                    values.add(value);
                }
                try {
                    inputs.put(spec.name(), OnnxColumns.tensor(env, spec.type(), values, shape));
                } catch (IllegalArgumentException e) {
                    return failed("The sample values of " + spec.name() + " are not " + spec.type() + ": " + e.getMessage());
                }
            }
            try (OrtSession.Result result = session.run(inputs)) {
                List<String> problems = new ArrayList<>();
                for (TensorSpec out : signature.outputs()) {
                    Optional<OnnxValue> value = result.get(out.name());
                    if (value.isEmpty() || !(value.get() instanceof OnnxTensor tensor)) {
                        problems.add("No tensor " + out.name() + " in the prediction");
                        continue;
                    }
                    long[] shape = tensor.getInfo().getShape();
                    List<Long> expected = out.shape().stream().map(d -> d < 0 ? (long) n : d).toList();
                    if (shape.length != expected.size() || (shape.length > 0 && shape[0] != n)) {
                        problems.add(out.name() + " has the shape " + java.util.Arrays.toString(shape) + " for " + n + " rows, declared " + out);
                    } else {
                        for (int i = 1; i < shape.length; i++) {
                            if (out.shape().get(i) > 0 && shape[i] != out.shape().get(i)) {
                                problems.add(out.name() + " has the shape " + java.util.Arrays.toString(shape) + ", declared " + out);
                                break;
                            }
                        }
                    }
                    long nan = nanCount(tensor);
                    if (nan > 0) {
                        problems.add(out.name() + " has " + nan + " NaN values");
                    }
                }
                return problems.isEmpty() ? passed(n + " rows from " + from + " scored; outputs of the declared shape, no NaN")
                        : failed(String.join("; ", problems));
            }
        } catch (OrtException e) {
            return failed("The prediction on " + n + " rows from " + from + " failed: " + e.getMessage());
        } finally {
            inputs.values().forEach(OnnxTensor::close);
        }
    }

    private static long nanCount(OnnxTensor tensor) {
        return switch (tensor.getInfo().type) {
            case FLOAT -> {
                FloatBuffer b = tensor.getFloatBuffer();
                long nan = 0;
                while (b.hasRemaining()) {
                    if (Float.isNaN(b.get())) {
                        nan++;
                    }
                }
                yield nan;
            }
            case DOUBLE -> {
                DoubleBuffer b = tensor.getDoubleBuffer();
                long nan = 0;
                while (b.hasRemaining()) {
                    if (Double.isNaN(b.get())) {
                        nan++;
                    }
                }
                yield nan;
            }
            default -> 0;
        };
    }

    /** Up to 20 rows of the referenced groups as their sources have them, with a value for every input (rows with gaps are left out). */
    private List<Map<String, Object>> featureRows(Signature signature, Lineage lineage, List<FeatureGroupView> groups) {
        Map<String, List<String>> columnsByGroup = new LinkedHashMap<>();
        Map<String, List<List<String>>> rowsByGroup = new LinkedHashMap<>();
        for (Lineage.FeatureGroupRef ref : lineage.featureGroups()) {
            groups.stream().filter(g -> g.name().equalsIgnoreCase(ref.name())).findFirst().ifPresent(g -> {
                SampleRows sample = featureGroups.sample(g.id(), ref.version(), 200);
                List<List<String>> complete = new ArrayList<>();
                List<Integer> needed = new ArrayList<>();
                for (TensorSpec input : signature.inputs()) {
                    int i = sample.columns().indexOf(input.name());
                    if (i >= 0 && !sample.masked().contains(input.name())) {
                        needed.add(i);
                    }
                }
                for (List<String> row : sample.rows()) {
                    if (needed.stream().allMatch(i -> row.get(i) != null)) {
                        complete.add(row);
                    }
                }
                columnsByGroup.put(ref.toString(), sample.columns());
                rowsByGroup.put(ref.toString(), complete);
            });
        }
        List<Map<String, Object>> rows = new ArrayList<>();
        for (int r = 0; r < SAMPLE_ROWS; r++) {
            Map<String, Object> row = new LinkedHashMap<>();
            for (TensorSpec input : signature.inputs()) {
                for (var e : columnsByGroup.entrySet()) {
                    int i = e.getValue().indexOf(input.name());
                    List<List<String>> groupRows = rowsByGroup.get(e.getKey());
                    if (i >= 0 && r < groupRows.size() && groupRows.get(r).get(i) != null) {
                        row.putIfAbsent(input.name(), groupRows.get(r).get(i));
                    }
                }
            }
            if (row.size() == signature.inputs().size()) {
                rows.add(row);
            }
        }
        return rows;
    }

    // (5) the stored bytes are the declared ones

    static Outcome checksum(ModelVersion version, String stored) {
        if (version.getFormat() != ModelVersion.Format.ONNX) {
            return new Outcome("SKIPPED", "The artifact lives outside the portal; its checksum is not checked here");
        }
        if (version.getDeclaredSha256() == null) {
            return failed("No sha256 was declared; the stored bytes have " + stored);
        }
        if (!version.getDeclaredSha256().equals(stored)) {
            return failed("The stored bytes have the SHA-256 " + stored + ", declared " + version.getDeclaredSha256());
        }
        return passed("SHA-256 " + stored + " as declared (" + version.getArtifactSize() + " bytes)");
    }

    // --- results

    record Outcome(String state, String message) {
    }

    static Outcome passed(String message) {
        return new Outcome("PASSED", message);
    }

    static Outcome failed(String message) {
        return new Outcome("FAILED", message);
    }

    interface GateWork {
        Outcome run() throws Exception;
    }

    private GateRow timed(Gate gate, GateWork work) {
        long started = System.nanoTime();
        Outcome outcome;
        try {
            outcome = work.run();
        } catch (Exception e) {
            outcome = failed("The gate could not run: " + e.getMessage());
        }
        return row(gate, outcome, started);
    }

    private GateRow row(Gate gate, Outcome outcome, long started) {
        return new GateRow(gate.name(), outcome.state(), outcome.message(), Duration.ofNanos(System.nanoTime() - started).toMillis(), clock.instant());
    }

    private GateRow skipped(Gate gate, String why) {
        return new GateRow(gate.name(), "SKIPPED", why, 0, clock.instant());
    }

}
