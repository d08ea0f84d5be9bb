package io.esteira.training;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OnnxValue;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import io.esteira.models.ModelRegistry;
import io.esteira.models.TensorSpec;
import io.esteira.models.VersionView;
import io.esteira.models.onnx.OnnxColumns;
import io.esteira.monitoring.LabelledWindows;
import io.esteira.monitoring.statistics.ClassificationPerformance;
import io.esteira.monitoring.statistics.RegressionPerformance;
import io.esteira.training.ComparisonView.Bin;
import io.esteira.training.ComparisonView.Side;
import io.esteira.training.domain.ChallengerComparison;
import io.esteira.training.domain.Recommendation;
import java.io.ByteArrayOutputStream;
import java.lang.reflect.Array;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * Compares a challenger with the champion on the same rows: the champion release's labelled rows of the hours that
 * monitoring judged mature, from the end of the challenger's training window (so that none of its training rows is
 * judged) to now, with the inputs the prediction log kept. Both versions score the rows in their own ONNX Runtime
 * session; the figures come from monitoring's statistics (AUC Mann-Whitney, KS, Brier, 10 equal-count calibration
 * groups; MAE and RMSE for regression) at the champion's decision threshold, plus the expected calibration error
 * (rows-weighted mean of |mean score − positive rate| over the groups) and the latency of each session: the median
 * and 95th percentile of one-row calls, and one call with every row.
 */
@Component
class ChallengerComparer {

    static final int MIN_ROWS = 20;
    private static final Set<String> SCORES = Set.of("float", "double");

    private final LabelledWindows windows;
    private final ModelRegistry registry;
    private final int maxRows;
    private final int latencyCalls;
    private final Clock clock;

    ChallengerComparer(LabelledWindows windows, ModelRegistry registry, @Value("${esteira.training.comparison-max-rows:20000}") int maxRows,
            @Value("${esteira.training.comparison-latency-calls:200}") int latencyCalls, Clock clock) {
        this.clock = clock;
        this.windows = windows;
        this.registry = registry;
        this.maxRows = maxRows;
        this.latencyCalls = latencyCalls;
    }

    record Result(String task, Double threshold, int matureHours, long labelled, Side champion, Side challenger,
            Double loggedScoreDifference, String method) {
    }

    /** Compares the recommendation's challenger with its champion on {@code [from, to)}; run by the system. Never throws: a failure is stored. */
    ChallengerComparison compare(Recommendation r, Instant from, Instant to) {
        try {
            LabelledWindows.Window window = windows.matured(r.getReleaseId(), from, to, maxRows);
            String method = "Rows: labelled rows of " + r.getDeploymentName() + " (release of v" + r.getChampionVersion() + ") predicted from "
                    + RetrainingEvidence.when(from) + " to " + RetrainingEvidence.when(to) + " in the " + window.matureHours() + " hours monitoring judged mature, with inputs the prediction "
                    + "log kept (" + window.rows().size() + " of " + window.labelled() + " labels); " + window.how() + ". Both versions "
                    + "score every row in their own ONNX Runtime session. " + (window.task().equals("CLASSIFICATION")
                            ? "AUC (Mann-Whitney, mid-ranks), KS D, Brier mean (p−y)², calibration in 10 equal-count score groups, expected "
                                    + "calibration error = Σ rows/n·|mean score − positive rate|, precision/recall/F1 at score ≥ "
                                    + window.threshold()
                            : "MAE and RMSE of the predicted values") + ". Latency: median and 95th percentile of " + latencyCalls
                    + " one-row calls and one call with every row, after 20 warm-up calls.";
            if (window.rows().size() < MIN_ROWS) {
                return failed(r, from, to, window.rows().size(), "Only " + window.rows().size() + " matured, labelled rows with kept inputs from "
                        + RetrainingEvidence.when(from) + " to " + RetrainingEvidence.when(to) + " (" + window.matureHours() + " mature hours); at least " + MIN_ROWS
                        + " are needed. Compare again once more labels have matured.");
            }
            VersionView champion = registry.versionById(r.getChampionVersionId());
            VersionView challenger = registry.versionById(r.getChallengerVersionId());
            List<Map<String, Object>> inputs = window.rows().stream().map(LabelledWindows.Row::inputs).toList();
            double[] actual = window.rows().stream().mapToDouble(LabelledWindows.Row::actual).toArray();
            Scored championScores = score(champion, inputs, window.scoreOutput());
            Scored challengerScores = score(challenger, inputs, null);
            boolean classification = window.task().equals("CLASSIFICATION");
            Side championSide = side(champion, championScores, actual, classification, window.threshold());
            Side challengerSide = side(challenger, challengerScores, actual, classification, window.threshold());
            double difference = 0;
            int logged = 0;
            for (int i = 0; i < window.rows().size(); i++) {
                Double was = window.rows().get(i).releaseScore();
                if (was != null) {
                    difference = Math.max(difference, Math.abs(was - championScores.scores()[i]));
                    logged++;
                }
            }
            int positives = classification ? (int) Arrays.stream(actual).filter(a -> a == 1.0).count() : 0;
            Result result = new Result(window.task(), classification ? window.threshold() : null, window.matureHours(), window.labelled(),
                    championSide, challengerSide, logged == 0 ? null : difference, method);
            return new ChallengerComparison(r.getAreaId(), r.getModelId(), r.getId(), r.getReleaseId(), r.getChampionVersionId(),
                    r.getChampionVersion(), r.getChallengerVersionId(), r.getChallengerVersion(), from, to, "DONE", null, window.rows().size(),
                    positives, TrainingService.JSON.writeValueAsString(result), clock.instant());
        } catch (RuntimeException e) {
            return failed(r, from, to, 0, "The comparison failed: " + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()));
        }
    }

    private ChallengerComparison failed(Recommendation r, Instant from, Instant to, int rows, String reason) {
        return new ChallengerComparison(r.getAreaId(), r.getModelId(), r.getId(), r.getReleaseId(), r.getChampionVersionId(),
                r.getChampionVersion(), r.getChallengerVersionId(), r.getChallengerVersion() == null ? 0 : r.getChallengerVersion(), from, to,
                "FAILED", reason, rows, 0, "{}", clock.instant());
    }

    private record Scored(String output, double[] scores, double[] singleCallMs, double batchMs) {
    }

    /** Scores the rows with the version's ONNX session, timing one-row calls and one call of every row. */
    private Scored score(VersionView version, List<Map<String, Object>> rows, String preferredOutput) {
        String output = scoreOutput(version, preferredOutput);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        registry.download(version.modelId(), version.number()).writer().accept(bytes);
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
            options.setIntraOpNumThreads(1);
            try (OrtSession session = env.createSession(bytes.toByteArray(), options)) {
                // warmed up first, so that neither side's figures carry the session's first calls
                for (int i = 0; i < 20; i++) {
                    run(env, session, version.signature().inputs(), List.of(rows.get(i % rows.size())), output);
                }
                long started = System.nanoTime();
                double[] scores = run(env, session, version.signature().inputs(), rows, output);
                double batchMs = (System.nanoTime() - started) / 1e6;
                int calls = Math.min(latencyCalls, rows.size());
                double[] single = new double[calls];
                for (int i = 0; i < calls; i++) {
                    long t = System.nanoTime();
                    run(env, session, version.signature().inputs(), List.of(rows.get(i)), output);
                    single[i] = (System.nanoTime() - t) / 1e6;
                }
                return new Scored(output, scores, single, batchMs);
            }
        } catch (OrtException e) {
            throw new IllegalStateException(version.model() + " v" + version.number() + " cannot be scored: " + e.getMessage(), e);
        }
    }

    /** The version's score output: its parameter {@code score_output}, the champion's output if it has one, else its first float output. */
    static String scoreOutput(VersionView version, String preferred) {
        List<TensorSpec> outputs = version.signature().outputs();
        String declared = version.parameters() == null ? null : version.parameters().get("score_output");
        if (declared != null && outputs.stream().anyMatch(o -> o.name().equals(declared))) {
            return declared;
        }
        if (preferred != null && outputs.stream().anyMatch(o -> o.name().equals(preferred))) {
            return preferred;
        }
        return outputs.stream().filter(o -> o.type() != null && SCORES.contains(o.type().toLowerCase(Locale.ROOT))).map(TensorSpec::name)
                .findFirst().orElseThrow(() -> new IllegalStateException(version.model() + " v" + version.number() + " has no float output to score with"));
    }

    private static double[] run(OrtEnvironment env, OrtSession session, List<TensorSpec> specs, List<Map<String, Object>> rows, String output)
            throws OrtException {
        int n = rows.size();
        Map<String, OnnxTensor> inputs = new LinkedHashMap<>();
        try {
            for (TensorSpec spec : specs) {
                long[] shape = spec.shape().size() == 1 ? new long[] {n} : new long[] {n, 1};
                List<Object> values = new ArrayList<>(n);
                for (Map<String, Object> row : rows) {
                    Object v = row.get(spec.name());
                    if (v == null) {
                        throw new IllegalStateException("A logged row has no input " + spec.name() + " (the versions' inputs differ?)");
                    }
                    values.add(v);
                }
                inputs.put(spec.name(), OnnxColumns.tensor(env, spec.type(), values, shape));
            }
            try (OrtSession.Result result = session.run(inputs)) {
                Optional<OnnxValue> value = result.get(output);
                if (value.isEmpty() || !(value.get() instanceof OnnxTensor tensor)) {
                    throw new IllegalStateException("The model gave no tensor " + output);
                }
                Object array = tensor.getValue();
                if (!array.getClass().isArray() || Array.getLength(array) != n) {
                    throw new IllegalStateException("The output " + output + " does not have one entry per row");
                }
                double[] scores = new double[n];
                for (int i = 0; i < n; i++) {
                    Object cell = Array.get(array, i);
                    while (cell != null && cell.getClass().isArray()) {
                        cell = Array.getLength(cell) == 0 ? null : Array.get(cell, Array.getLength(cell) - 1);
                    }
                    if (!(cell instanceof Number number)) {
                        throw new IllegalStateException("The output " + output + " is not a number");
                    }
                    scores[i] = number.doubleValue();
                }
                return scores;
            }
        } finally {
            inputs.values().forEach(OnnxTensor::close);
        }
    }

    private static Side side(VersionView v, Scored s, double[] actual, boolean classification, double threshold) {
        double[] single = s.singleCallMs().clone();
        Arrays.sort(single);
        Double p50 = single.length == 0 ? null : round(percentile(single, 0.5));
        Double p95 = single.length == 0 ? null : round(percentile(single, 0.95));
        if (!classification) {
            RegressionPerformance p = RegressionPerformance.of(actual, s.scores());
            return new Side(v.id(), v.number(), s.output(), null, null, null, null, null, null, null, finite(p.meanAbsoluteError()),
                    finite(p.rootMeanSquaredError()), List.of(), p50, p95, round(s.batchMs()));
        }
        boolean[] y = new boolean[actual.length];
        for (int i = 0; i < y.length; i++) {
            y[i] = actual[i] == 1.0;
        }
        ClassificationPerformance p = ClassificationPerformance.of(s.scores(), y, threshold);
        List<Bin> bins = p.calibration().stream().map(b -> new Bin(b.decile(), b.rows(), b.meanScore(), b.observedRate())).toList();
        long n = bins.stream().mapToLong(Bin::rows).sum();
        Double ece = n == 0 ? null : bins.stream().mapToDouble(b -> (double) b.rows() / n * Math.abs(b.meanScore() - b.observedRate())).sum();
        return new Side(v.id(), v.number(), s.output(), finite(p.auc()), finite(p.kolmogorovSmirnov()), finite(p.brier()), finite(ece),
                finite(p.precision()), finite(p.recall()), finite(p.f1()), null, null, bins, p50, p95, round(s.batchMs()));
    }

    static double percentile(double[] sorted, double q) {
        double rank = q * (sorted.length - 1);
        int low = (int) Math.floor(rank);
        int high = (int) Math.ceil(rank);
        return sorted[low] + (sorted[high] - sorted[low]) * (rank - low);
    }

    private static Double finite(Double d) {
        return d == null || !Double.isFinite(d) ? null : d;
    }

    private static Double round(double ms) {
        return Math.round(ms * 1000) / 1000.0;
    }

    static ComparisonView view(ChallengerComparison c) {
        Result r = "DONE".equals(c.getState()) ? TrainingService.JSON.readValue(c.getResult(), Result.class) : null;
        return new ComparisonView(c.getId(), c.getRecommendationId(), c.getModelId(), c.getReleaseId(), c.getState(), c.getReason(),
                c.getWindowFrom(), c.getWindowTo(), c.getRowsCompared(), c.getPositives(), r == null ? 0 : r.matureHours(),
                r == null ? null : r.task(), r == null ? null : r.threshold(), r == null ? null : r.champion(), r == null ? null : r.challenger(),
                r == null ? null : r.loggedScoreDifference(), r == null ? null : r.method(), c.getComputedAt());
    }
}
