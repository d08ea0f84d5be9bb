package io.esteira.monitoring;

import io.esteira.deployments.DeploymentService;
import io.esteira.deployments.DeploymentView;
import io.esteira.deployments.PredictionRecords;
import io.esteira.models.ModelRegistry;
import io.esteira.monitoring.MonitoringEvents.LabelsReceived;
import io.esteira.monitoring.domain.Monitor;
import io.esteira.monitoring.statistics.ClassificationEstimate;
import io.esteira.monitoring.statistics.ClassificationPerformance;
import io.esteira.monitoring.statistics.ClassificationPerformance.CalibrationBin;
import io.esteira.monitoring.statistics.Maturity;
import io.esteira.monitoring.statistics.NumericProfile;
import io.esteira.monitoring.statistics.RegressionPerformance;
import io.esteira.shared.InvalidRequestException;
import io.esteira.shared.security.SystemActor;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.data.domain.Page;
import org.springframework.data.domain.PageRequest;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.modulith.events.ApplicationModuleListener;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * Performance of a release per window (hour, day), with ground truth that arrives late: how many of
 * the window's predicted rows are labelled, whether the window is mature (see {@link Maturity}), the
 * realised metrics once it is (over the labelled rows whose outputs the prediction log kept: the
 * sampled share), and for classifiers the estimate before labels (CBPE from the window's score
 * sketch), always there and flagged as an estimate. Stored as rows with how they were computed;
 * evaluating a window again replaces its row with the same numbers. Labels that arrive mark their
 * predictions' hours due, and those windows are evaluated again.
 */
@Service
public class PerformanceResults {

    public enum Task { CLASSIFICATION, REGRESSION }

    /**
     * A stored performance row, as dashboards and alerts read it. Realised metrics (auc … mape) are null
     * while the window is immature or has no labelled rows with scores; estimated* is the CBPE estimate
     * (classifiers, null for regression or scores that are not probabilities).
     *
     * @param labelledRowsWithScores the n of the realised metrics: labelled rows whose prediction outputs were kept
     * @param coverage               labelledRows / predictedRows; null without predictions
     * @param calibration            10 equal-count score groups of the realised rows; empty when not computed
     * @param segment                {@code *} for all traffic, else a segment such as {@code channel=online}
     */
    public record Performance(UUID releaseId, int version, Granularity granularity, Instant windowStart, Instant windowEnd, Task task,
            long predictedRows, long labelledRows, long labelledRowsWithScores, Double coverage, Maturity.State maturity, Double threshold,
            Long positives, Double auc, Double ks, Double precision, Double recall, Double f1, Double brier, List<CalibrationBin> calibration,
            Double mae, Double rmse, Double mape, Long estimatedRows, Double estimatedAuc, Double estimatedPrecision, Double estimatedRecall,
            Double estimatedF1, Double estimatedAccuracy, String explanation, String method, Instant computedAt, String segment) {

        public boolean realised() {
            return auc != null || mae != null || precision != null;
        }
    }

    private static final Logger log = LoggerFactory.getLogger(PerformanceResults.class);
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final int MAX_ROWS = 20_000;
    private static final int MAX_DUE = 500;

    private final DeploymentService deployments;
    private final PredictionRecords predictions;
    private final LiveProfiles profiles;
    private final ModelRegistry registry;
    private final MonitoringAlerts alerts;
    private final JdbcTemplate jdbc;
    private final Clock clock;
    private final TransactionTemplate tx;

    PerformanceResults(DeploymentService deployments, PredictionRecords predictions, LiveProfiles profiles, ModelRegistry registry,
            MonitoringAlerts alerts, JdbcTemplate jdbc, Clock clock, TransactionTemplate tx) {
        this.tx = tx;
        this.deployments = deployments;
        this.predictions = predictions;
        this.profiles = profiles;
        this.registry = registry;
        this.alerts = alerts;
        this.jdbc = jdbc;
        this.clock = clock;
    }

    /** Labels just stored: their windows are evaluated again, after the labels' transaction, each window in its own. */
    @ApplicationModuleListener(propagation = Propagation.NOT_SUPPORTED)
    @PreAuthorize("permitAll()")
    void on(LabelsReceived received) {
        SystemActor.run(this::evaluateDue);
    }

    /**
     * Evaluates the windows whose labels changed since (the hours {@link Labels} marked due): each hour
     * and its day. An hour stays due when its evaluation failed. Run by the system; returns the windows evaluated.
     */
    public int evaluateDue() {
        List<Object[]> due = jdbc.query("select deployment_id, hour_start, mark from performance_due order by hour_start", (rs, i) ->
                new Object[] {rs.getObject(1, UUID.class), rs.getTimestamp(2).toInstant(), rs.getObject(3, UUID.class)});
        int windows = 0;
        Set<String> days = new LinkedHashSet<>();
        for (Object[] row : due.subList(0, Math.min(due.size(), MAX_DUE))) {
            UUID release = (UUID) row[0];
            Instant hour = (Instant) row[1];
            int hours = evaluateQuietly(release, Granularity.HOUR, hour);
            int day = days.add(release + "/" + Granularity.DAY.floor(hour)) ? evaluateQuietly(release, Granularity.DAY, Granularity.DAY.floor(hour))
                    : 0;
            if (hours >= 0 && day >= 0) { // labels that came meanwhile marked it again: it stays due
                jdbc.update("delete from performance_due where deployment_id = ? and hour_start = ? and mark = ?", release, Timestamp.from(hour),
                        row[2]);
            }
            windows += Math.max(0, hours) + Math.max(0, day);
        }
        return windows;
    }

    /**
     * Evaluates, for every live release, the closed hours of the last {@code lookBack} and yesterday,
     * and the windows that reached the maturity delay in the last {@code lookBack}. Run by the system.
     */
    public int evaluateRecent(Duration lookBack) {
        Instant now = clock.instant();
        int windows = 0;
        Page<DeploymentView> page = deployments.list(PageRequest.of(0, 500), false);
        List<DeploymentView> all = new ArrayList<>(page.getContent());
        while (page.hasNext()) {
            page = deployments.list(page.nextPageable(), false);
            all.addAll(page.getContent());
        }
        for (DeploymentView release : all) {
            if (!release.live()) {
                continue;
            }
            windows += evaluateRecent(release, lookBack, now);
        }
        return windows;
    }

    private int evaluateRecent(DeploymentView release, Duration lookBack, Instant now) {
        Duration delay = Duration.ofHours(alerts.monitorOf(release.id(), release.areaId()).getMaturityDelayHours());
        int windows = 0;
        for (Map.Entry<Granularity, Set<Instant>> due : recentWindows(now, lookBack, delay).entrySet()) {
            for (Instant start : due.getValue()) {
                windows += Math.max(0, evaluateQuietly(release.id(), due.getKey(), start));
            }
        }
        return windows;
    }

    /**
     * The windows to evaluate at {@code now}: the hours closed in the last {@code lookBack}, the hours
     * and days that reached the maturity delay in it, the days those hours belong to, and yesterday;
     * never a day that has not closed.
     */
    static Map<Granularity, Set<Instant>> recentWindows(Instant now, Duration lookBack, Duration delay) {
        Instant lastHour = Granularity.HOUR.floor(now);
        Set<Instant> hours = new java.util.TreeSet<>();
        Set<Instant> days = new java.util.TreeSet<>();
        days.add(Granularity.DAY.floor(now).minus(Duration.ofDays(1)));
        for (Instant h = lastHour.minus(lookBack); h.isBefore(lastHour); h = h.plus(Duration.ofHours(1))) {
            hours.add(h); // closed lately
            Instant matured = h.minus(delay);
            hours.add(Granularity.HOUR.floor(matured)); // reached the maturity delay lately
            days.add(Granularity.DAY.floor(h));
            Instant boundary = Granularity.DAY.floor(h.plus(Duration.ofHours(1)).minus(delay));
            if (boundary.isAfter(matured)) { // a day whose end + delay fell in this hour
                days.add(boundary.minus(Duration.ofDays(1)));
            }
        }
        days.removeIf(d -> d.plus(Duration.ofDays(1)).isAfter(now));
        Map<Granularity, Set<Instant>> windows = new java.util.EnumMap<>(Granularity.class);
        windows.put(Granularity.HOUR, hours);
        windows.put(Granularity.DAY, days);
        return windows;
    }

    /** @return 1 when evaluated, 0 when there was nothing to evaluate, -1 when it failed */
    private int evaluateQuietly(UUID release, Granularity granularity, Instant start) {
        try {
            return Boolean.TRUE.equals(tx.execute(t -> evaluate(release, granularity, start))) ? 1 : 0;
        } catch (DuplicateKeyException e) {
            return 0; // another node evaluated the same window at the same moment: its row stands
        } catch (org.springframework.dao.PessimisticLockingFailureException e) {
            // another evaluation of the release held it for long (e.g. a replay of history): the hour stays due, tried again later
            log.info("Performance of release {} for the {} from {} waits: the release is being evaluated", release, granularity, start);
            return -1;
        } catch (RuntimeException e) {
            log.warn("Performance of release {} for the {} from {} not evaluated: {}", release, granularity, start, e.getMessage());
            return -1;
        }
    }

    /**
     * Evaluates one window of a release and replaces its row: idempotent, re-runnable for any past window.
     *
     * @param windowStart the start of an hour (HOUR) or a UTC day (DAY)
     * @return false when the window has neither predictions nor labels (nothing is stored)
     */
    @Transactional
    public boolean evaluate(UUID releaseId, Granularity granularity, Instant windowStart) {
        requireHourOrDay(granularity);
        if (windowStart == null || !granularity.floor(windowStart).equals(windowStart)) {
            throw new InvalidRequestException("windowStart", "A window starts on the " + (granularity == Granularity.HOUR ? "hour" : "day (UTC)"));
        }
        DeploymentView release = deployments.get(releaseId);
        Monitor monitor = alerts.monitorOf(release.id(), release.areaId());
        // one evaluation of a release at a time (the labels' listener, the schedule, a replay): each replaces the rows of its window
        jdbc.query("select deployment_id from monitor where deployment_id = ? for update", rs -> { }, releaseId);
        Instant windowEnd = windowStart.plus(granularity.length());
        long predicted = predictions.answeredRows(releaseId, windowStart, windowEnd);
        List<LabelRow> labels = new ArrayList<>();
        jdbc.query("select request_id, row_index, label_text, label_number from prediction_label where deployment_id = ? "
                + "and predicted_at >= ? and predicted_at < ? order by request_id, row_index", rs -> {
                    labels.add(new LabelRow(rs.getObject(1, UUID.class), rs.getInt(2), rs.getString(3), num(rs, 4)));
                }, releaseId, Timestamp.from(windowStart), Timestamp.from(windowEnd));
        VersionScoring scoring = VersionScoring.of(registry.versionById(release.modelVersionId()));
        NumericProfile scores = scoreProfile(profiles.window(releaseId, windowStart, windowEnd), scoring);
        if (predicted == 0 && labels.isEmpty() && scores == null) {
            return false;
        }
        Instant now = clock.instant();
        Window window = new Window(release, granularity, windowStart, windowEnd, scoring, monitor, now);

        // the segments profiled in the window, of the features the monitor segments by now
        Set<String> profiled = new LinkedHashSet<>();
        profiles.segments(releaseId, windowStart, windowEnd).stream()
                .filter(segment -> monitor.getSegmentFeatures().contains(SegmentPlans.featureOf(segment))).forEach(profiled::add);
        List<String> features = monitor.getSegmentFeatures().stream()
                .filter(f -> profiled.stream().anyMatch(segment -> SegmentPlans.featureOf(segment).equals(f))).toList();

        // the labelled rows whose inputs and outputs the log kept: the scores (or predicted values) beside their labels, per segment
        Map<UUID, PredictionRecords.KeptRows> kept = predictions.kept(List.of(releaseId),
                labels.stream().map(LabelRow::requestId).distinct().toList());
        Outcomes all = new Outcomes();
        Map<String, Outcomes> bySegment = new java.util.HashMap<>();
        for (LabelRow label : labels) {
            PredictionRecords.KeptRows rows = kept.get(label.requestId());
            if (rows == null || label.row() >= rows.outputs().size()) {
                continue; // not in the log's sample
            }
            List<Outcomes> of = new ArrayList<>(List.of(all));
            Map<String, Object> input = label.row() < rows.inputs().size() ? rows.inputs().get(label.row()) : Map.of();
            for (String feature : features) {
                of.add(bySegment.computeIfAbsent(SegmentPlans.segmentOf(feature, input.get(feature), profiled), k -> new Outcomes()));
            }
            Object value = scoring.scoreOutput() == null ? null : rows.outputs().get(label.row()).get(scoring.scoreOutput());
            if (value instanceof List<?> list && list.size() == 1) {
                value = list.getFirst();
            }
            Double actual;
            if (scoring.task() == Task.CLASSIFICATION) {
                Boolean outcome = scoring.outcome(label.text(), label.number());
                actual = outcome == null ? null : outcome ? 1.0 : 0.0;
            } else {
                actual = label.number();
            }
            Double score = value instanceof Number number && Double.isFinite(number.doubleValue()) ? number.doubleValue() : null;
            of.forEach(o -> o.add(score, actual));
        }
        jdbc.update("delete from performance_result where deployment_id = ? and granularity = ? and window_start = ?", releaseId,
                granularity.name(), Timestamp.from(windowStart));
        Performance stored = store(window, LiveProfiles.ALL, predicted, labels.size(), all, scores, 0);
        alerts.afterPerformance(release, stored);

        // a segment's predicted rows come from its profile (every answered row); its labelled rows are the labels known
        // to fall in it (those the log kept) scaled to all labels, exact when the log keeps every call
        for (String segment : profiled) {
            List<LiveProfiles.ColumnProfile> columns = profiles.window(releaseId, windowStart, windowEnd, segment);
            long segmentRows = columns.stream().filter(c -> c.role() == LiveProfiles.Role.OUTPUT).mapToLong(LiveProfiles.ColumnProfile::rows)
                    .max().orElse(0);
            Outcomes outcomes = bySegment.getOrDefault(segment, new Outcomes());
            long labelled = all.kept == 0 ? 0 : Math.round((double) outcomes.kept * labels.size() / all.kept);
            Performance part = store(window, segment, segmentRows, labelled, outcomes, scoreProfile(columns, scoring), monitor.getMinimumRows());
            alerts.afterPerformance(release, part);
        }
        return true;
    }

    private static NumericProfile scoreProfile(List<LiveProfiles.ColumnProfile> columns, VersionScoring scoring) {
        return columns.stream().filter(c -> c.role() == LiveProfiles.Role.OUTPUT && c.kind() == LiveProfiles.Kind.NUMERIC
                && c.column().equals(scoring.scoreOutput())).map(LiveProfiles.ColumnProfile::numeric).findFirst().orElse(null);
    }

    private record Window(DeploymentView release, Granularity granularity, Instant start, Instant end, VersionScoring scoring, Monitor monitor,
            Instant now) {
    }

    /** The labelled rows of some traffic whose outputs the log kept: usable pairs of score and actual, and how many were not. */
    private static final class Outcomes {
        final List<Double> scores = new ArrayList<>();
        final List<Double> actuals = new ArrayList<>();
        long kept;
        long unusable;

        void add(Double score, Double actual) {
            kept++;
            if (score == null || actual == null) {
                unusable++;
            } else {
                scores.add(score);
                actuals.add(actual);
            }
        }
    }

    /**
     * Computes and stores the row of one window for some traffic (all: {@link LiveProfiles#ALL}, or a segment).
     *
     * @param minimumRows realised metrics and the estimate need at least this many rows, else "insufficient data" (0: no guard)
     */
    private Performance store(Window w, String segment, long predicted, long labelled, Outcomes outcomes, NumericProfile scores,
            long minimumRows) {
        VersionScoring scoring = w.scoring();
        Monitor monitor = w.monitor();
        Maturity maturity = Maturity.of(predicted, labelled, w.end(), w.now(), monitor.getMaturityCoverage(),
                Duration.ofHours(monitor.getMaturityDelayHours()));
        int n = outcomes.scores.size();
        Object[] realised = new Object[13];
        String realisedWhy;
        if (!maturity.mature()) {
            realisedWhy = "immature: no realised metrics yet";
        } else if (n == 0) {
            realisedWhy = "mature, but no labelled row has its prediction's outputs in the log's sample";
        } else if (n < minimumRows) {
            realisedWhy = "insufficient data: " + n + " labelled rows with scores, fewer than the monitor's minimum " + minimumRows;
        } else if (scoring.task() == Task.CLASSIFICATION) {
            double[] s = outcomes.scores.stream().mapToDouble(Double::doubleValue).toArray();
            boolean[] y = new boolean[n];
            for (int i = 0; i < n; i++) {
                y[i] = outcomes.actuals.get(i) == 1.0;
            }
            ClassificationPerformance p = ClassificationPerformance.of(s, y, scoring.threshold());
            realised = new Object[] {p.positives(), finite(p.auc()), finite(p.kolmogorovSmirnov()), finite(p.precision()),
                    finite(p.recall()), finite(p.f1()), finite(p.brier()), JSON.writeValueAsString(p.calibration()), null, null, null};
            realisedWhy = "realised over " + n + " labelled rows with scores";
        } else {
            RegressionPerformance p = RegressionPerformance.of(outcomes.actuals.stream().mapToDouble(Double::doubleValue).toArray(),
                    outcomes.scores.stream().mapToDouble(Double::doubleValue).toArray());
            realised = new Object[] {null, null, null, null, null, null, null, null, finite(p.meanAbsoluteError()),
                    finite(p.rootMeanSquaredError()), finite(p.meanAbsolutePercentageError())};
            realisedWhy = "realised over " + n + " labelled rows with predicted values";
        }
        ClassificationEstimate estimate = null;
        String estimateWhy = "";
        if (scoring.task() == Task.CLASSIFICATION) {
            if (scores == null || scores.count() == 0) {
                estimateWhy = "; no estimate: no profile of " + scoring.scoreOutput() + " in the window";
            } else if (scores.count() < minimumRows) {
                estimateWhy = "; no estimate: insufficient data (" + scores.count() + " rows, fewer than the monitor's minimum " + minimumRows + ")";
            } else {
                try {
                    estimate = ClassificationEstimate.fromSketch(scores, scoring.threshold());
                } catch (IllegalArgumentException e) {
                    estimateWhy = "; no estimate: " + e.getMessage();
                }
            }
        }
        String explanation = maturity.reason() + "; " + realisedWhy
                + (outcomes.unusable > 0 ? " (" + outcomes.unusable + " labels neither 1/0 nor numbers, or without a score)" : "")
                + estimateWhy;
        String method = scoring.how() + ". Window of the predictions (labels belong to the window their prediction was made in); "
                + (LiveProfiles.ALL.equals(segment) ? "predicted rows: successful calls' rows in the prediction log; "
                        : "segment " + cut(segment, 100) + ": predicted rows from its live profile, labelled rows = labels whose logged "
                                + "inputs fall in it, scaled to all labels; realised and estimate need >= " + minimumRows + " rows; ")
                + "maturity: coverage >= " + monitor.getMaturityCoverage()
                + " or window end + " + monitor.getMaturityDelayHours() + " h passed. Realised (only when mature) over the n labelled rows "
                + "with scores: labelled rows whose prediction outputs the log kept (its sample); "
                + (scoring.task() == Task.CLASSIFICATION
                        ? "AUC Mann-Whitney with mid-ranks, KS D of positives' vs negatives' scores, precision/recall/F1 at score >= threshold, "
                                + "Brier mean (p-y)^2, calibration 10 equal-count score groups. Estimate: CBPE (assumes calibrated scores) "
                                + "from the KLL sketch (k=" + NumericProfile.SKETCH_K + ") of " + scoring.scoreOutput()
                                + " over every answered row, m = min(n, " + ClassificationEstimate.SKETCH_POINTS
                                + ") quantiles at ranks (i+0.5)/m"
                        : "MAE, RMSE, MAPE over rows with a non-zero actual");
        DeploymentView release = w.release();
        jdbc.update("insert into performance_result (deployment_id, area_id, version_number, granularity, window_start, window_end, task, "
                + "predicted_rows, labelled_rows, labelled_scored_rows, coverage, maturity, threshold, positives, auc, ks, precision_at, "
                + "recall_at, f1_at, brier, calibration, mae, rmse, mape, estimated_rows, estimated_auc, estimated_precision, "
                + "estimated_recall, estimated_f1, estimated_accuracy, explanation, method, computed_at, segment) "
                + "values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                release.id(), release.areaId(), release.modelVersion(), w.granularity().name(), Timestamp.from(w.start()),
                Timestamp.from(w.end()), scoring.task().name(), predicted, labelled, (long) n,
                finite(maturity.coverage()), maturity.state().name(), scoring.task() == Task.CLASSIFICATION ? scoring.threshold() : null,
                realised[0], realised[1], realised[2], realised[3], realised[4], realised[5], realised[6], realised[7], realised[8],
                realised[9], realised[10], estimate == null ? null : estimate.rows(), estimate == null ? null : finite(estimate.rocAuc()),
                estimate == null ? null : finite(estimate.precision()), estimate == null ? null : finite(estimate.recall()),
                estimate == null ? null : finite(estimate.f1()), estimate == null ? null : finite(estimate.accuracy()), cut(explanation, 400),
                cut(method, 1000), Timestamp.from(w.now()), segment);
        return read(release.id(), w.granularity(), w.start(), w.end(), segment).getFirst();
    }

    private record LabelRow(UUID requestId, int row, String text, Double number) {
    }

    /**
     * A release's stored performance rows in {@code [from, to)}, oldest first: for a dashboard
     * (performance over time with label coverage, the estimate beside the realised value).
     *
     * @throws io.esteira.shared.NotFoundException when the caller may not read the release
     */
    @PreAuthorize("isAuthenticated()")
    @Transactional(readOnly = true)
    public List<Performance> series(UUID releaseId, Granularity granularity, Instant from, Instant to) {
        return series(releaseId, granularity, from, to, LiveProfiles.ALL);
    }

    /** As {@link #series(UUID, Granularity, Instant, Instant)}, of one segment such as {@code channel=online} ({@code *}: all traffic). */
    @PreAuthorize("isAuthenticated()")
    @Transactional(readOnly = true)
    public List<Performance> series(UUID releaseId, Granularity granularity, Instant from, Instant to, String segment) {
        deployments.get(releaseId); // the area check
        requireHourOrDay(granularity);
        if (from == null || to == null || !from.isBefore(to)) {
            throw new InvalidRequestException("from", "Give a window: from before to");
        }
        if (Duration.between(from, to).compareTo(Duration.ofDays(400)) > 0) {
            throw new InvalidRequestException("from", "At most 400 days at once");
        }
        if (segment == null || segment.isBlank() || segment.length() > 400) {
            throw new InvalidRequestException("segment", "Name a segment as feature=value, or * for all traffic");
        }
        return read(releaseId, granularity, from, to, segment);
    }

    /** The series of a deployment's stable live release (else its newest); {@code areaId} as {@link DeploymentService#get(String, UUID)}. */
    @PreAuthorize("isAuthenticated()")
    @Transactional(readOnly = true)
    public List<Performance> series(String deployment, UUID areaId, Granularity granularity, Instant from, Instant to) {
        return series(deployments.get(deployment, areaId).id(), granularity, from, to);
    }

    /** The segments with stored performance rows of a release in {@code [from, to)}, e.g. {@code channel=online}, in order. */
    @PreAuthorize("isAuthenticated()")
    @Transactional(readOnly = true)
    public List<String> segments(UUID releaseId, Granularity granularity, Instant from, Instant to) {
        deployments.get(releaseId); // the area check
        requireHourOrDay(granularity);
        return jdbc.queryForList("select distinct segment from performance_result where deployment_id = ? and granularity = ? "
                + "and window_start >= ? and window_start < ? and segment <> ? order by segment", String.class, releaseId, granularity.name(),
                Timestamp.from(from), Timestamp.from(to), LiveProfiles.ALL);
    }

    private List<Performance> read(UUID releaseId, Granularity granularity, Instant from, Instant to, String segment) {
        List<Performance> rows = new ArrayList<>();
        jdbc.query("select version_number, window_start, window_end, task, predicted_rows, labelled_rows, labelled_scored_rows, coverage, "
                + "maturity, threshold, positives, auc, ks, precision_at, recall_at, f1_at, brier, calibration, mae, rmse, mape, "
                + "estimated_rows, estimated_auc, estimated_precision, estimated_recall, estimated_f1, estimated_accuracy, explanation, "
                + "method, computed_at from performance_result where deployment_id = ? and granularity = ? and window_start >= ? "
                + "and window_start < ? and segment = ? order by window_start", rs -> {
                    if (rows.size() < MAX_ROWS) {
                        String calibration = rs.getString(18);
                        long positives = rs.getLong(11);
                        Long pos = rs.wasNull() ? null : positives;
                        long estimated = rs.getLong(22);
                        Long est = rs.wasNull() ? null : estimated;
                        rows.add(new Performance(releaseId, rs.getInt(1), granularity, rs.getTimestamp(2).toInstant(),
                                rs.getTimestamp(3).toInstant(), Task.valueOf(rs.getString(4)), rs.getLong(5), rs.getLong(6), rs.getLong(7),
                                num(rs, 8), Maturity.State.valueOf(rs.getString(9)), num(rs, 10), pos, num(rs, 12), num(rs, 13), num(rs, 14),
                                num(rs, 15), num(rs, 16), num(rs, 17),
                                calibration == null ? List.of() : JSON.readValue(calibration, new TypeReference<List<CalibrationBin>>() { }),
                                num(rs, 19), num(rs, 20), num(rs, 21), est, num(rs, 23), num(rs, 24), num(rs, 25), num(rs, 26), num(rs, 27),
                                rs.getString(28), rs.getString(29), rs.getTimestamp(30).toInstant(), segment));
                    }
                }, releaseId, granularity.name(), Timestamp.from(from), Timestamp.from(to), segment);
        return rows;
    }

    private static void requireHourOrDay(Granularity granularity) {
        if (granularity != Granularity.HOUR && granularity != Granularity.DAY) {
            throw new InvalidRequestException("granularity", "Performance is evaluated per HOUR or DAY");
        }
    }

    private static Double finite(double value) {
        return Double.isFinite(value) ? value : null;
    }

    private static Double num(ResultSet rs, int i) throws SQLException {
        double v = rs.getDouble(i);
        return rs.wasNull() ? null : v;
    }

    private static String cut(String s, int max) {
        return s.length() > max ? s.substring(0, max) : s;
    }
}
