package io.esteira.monitoring;

import io.esteira.deployments.DeploymentService;
import io.esteira.deployments.DeploymentView;
import io.esteira.deployments.PredictionRecords;
import io.esteira.models.ModelRegistry;
import io.esteira.shared.InvalidRequestException;
import io.esteira.monitoring.statistics.Maturity;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * A release's matured, labelled recent traffic, for comparing other model versions with it on the same rows
 * (a retrained challenger against the live champion): the labelled rows of the hours that performance judged
 * mature (coverage or delay, as the monitor says), with the inputs the prediction log kept, the outcome the
 * label gives (as performance reads it: 1/0, true/false or the model's positive class) and the score the
 * release answered.
 */
@Service
@PreAuthorize("isAuthenticated()")
public class LabelledWindows {

    /** One labelled row: its logged inputs, the release's score for it, and the outcome (1 or 0; a number for regression). */
    public record Row(Instant predictedAt, Map<String, Object> inputs, Double releaseScore, double actual) {
    }

    /**
     * @param matureHours  the hours of {@code [from, to)} that performance judged mature
     * @param labelled     the labels of those hours (some may lack kept inputs: {@code rows} holds those with inputs and an outcome)
     * @param task         {@code CLASSIFICATION} or {@code REGRESSION}
     * @param scoreOutput  the release's score (or predicted value) output
     * @param threshold    its decision threshold
     * @param how          how the outcome and score were read, in words
     */
    public record Window(UUID releaseId, Instant from, Instant to, int matureHours, long labelled, List<Row> rows, String task,
            String scoreOutput, double threshold, String how) {
    }

    private final DeploymentService deployments;
    private final PredictionRecords predictions;
    private final PerformanceResults performance;
    private final ModelRegistry registry;
    private final JdbcTemplate jdbc;

    LabelledWindows(DeploymentService deployments, PredictionRecords predictions, PerformanceResults performance, ModelRegistry registry,
            JdbcTemplate jdbc) {
        this.deployments = deployments;
        this.predictions = predictions;
        this.performance = performance;
        this.registry = registry;
        this.jdbc = jdbc;
    }

    /**
     * The release's labelled rows of the mature hours in {@code [from, to)}, newest hours first, at most {@code maxRows}.
     *
     * @throws io.esteira.shared.NotFoundException when the caller may not read the release
     */
    @Transactional(readOnly = true)
    public Window matured(UUID releaseId, Instant from, Instant to, int maxRows) {
        DeploymentView release = deployments.get(releaseId);
        if (from == null || to == null || !from.isBefore(to)) {
            throw new InvalidRequestException("from", "Give a window: from before to");
        }
        VersionScoring scoring = VersionScoring.of(registry.versionById(release.modelVersionId()));
        List<PerformanceResults.Performance> hours = performance.series(releaseId, Granularity.HOUR, Granularity.HOUR.floor(from), to).stream()
                .filter(p -> p.maturity() == Maturity.State.MATURE).toList();
        List<Row> rows = new ArrayList<>();
        long labelled = 0;
        for (PerformanceResults.Performance hour : hours.reversed()) {
            if (rows.size() >= maxRows) {
                break;
            }
            List<Object[]> labels = new ArrayList<>();
            jdbc.query("select request_id, row_index, label_text, label_number, predicted_at from prediction_label where deployment_id = ? "
                    + "and predicted_at >= ? and predicted_at < ? order by predicted_at, request_id, row_index", rs -> {
                        labels.add(new Object[] {rs.getObject(1, UUID.class), rs.getInt(2), rs.getString(3),
                                rs.getObject(4) == null ? null : rs.getDouble(4), rs.getTimestamp(5).toInstant()});
                    }, releaseId, Timestamp.from(hour.windowStart()), Timestamp.from(hour.windowEnd()));
            labelled += labels.size();
            Map<UUID, PredictionRecords.KeptRows> kept = predictions.kept(List.of(releaseId),
                    labels.stream().map(l -> (UUID) l[0]).distinct().toList());
            for (Object[] label : labels) {
                if (rows.size() >= maxRows) {
                    break;
                }
                PredictionRecords.KeptRows call = kept.get((UUID) label[0]);
                int row = (Integer) label[1];
                if (call == null || row >= call.inputs().size()) {
                    continue; // not in the log's sample
                }
                Double actual;
                if (scoring.task() == PerformanceResults.Task.CLASSIFICATION) {
                    Boolean outcome = scoring.outcome((String) label[2], (Double) label[3]);
                    actual = outcome == null ? null : outcome ? 1.0 : 0.0;
                } else {
                    actual = (Double) label[3];
                }
                if (actual == null) {
                    continue;
                }
                Object value = row < call.outputs().size() && scoring.scoreOutput() != null ? call.outputs().get(row).get(scoring.scoreOutput()) : null;
                if (value instanceof List<?> list && list.size() == 1) {
                    value = list.getFirst();
                }
                Double score = value instanceof Number n && Double.isFinite(n.doubleValue()) ? n.doubleValue() : null;
                rows.add(new Row((Instant) label[4], call.inputs().get(row), score, actual));
            }
        }
        return new Window(releaseId, from, to, hours.size(), labelled, List.copyOf(rows), scoring.task().name(), scoring.scoreOutput(),
                scoring.threshold(), scoring.how());
    }
}
