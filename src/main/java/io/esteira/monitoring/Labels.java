package io.esteira.monitoring;

import io.esteira.areas.AreaAccess;
import io.esteira.deployments.DeploymentService;
import io.esteira.deployments.DeploymentView;
import io.esteira.deployments.PredictionRecords;
import io.esteira.deployments.PredictionRecords.LoggedCall;
import io.esteira.monitoring.MonitoringEvents.LabelsReceived;
import io.esteira.shared.InvalidRequestException;
import io.esteira.shared.Trace;
import java.math.BigDecimal;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Ground truth that arrives late: labels matched to the predictions they label by request id and
 * row. A batch is checked whole before anything is stored (unknown request ids, rows out of range,
 * wrong types, contradicting duplicates, labels from the future), then stored in one transaction.
 * Storing is idempotent: a label already known changes nothing; a different label for the same
 * row, labelled later, corrects it.
 */
@Service
@PreAuthorize("isAuthenticated()")
public class Labels {

    /** The most labels one batch may carry. */
    public static final int MAX_BATCH = 5_000;
    private static final Duration CLOCK_SKEW = Duration.ofMinutes(5);

    private final DeploymentService deployments;
    private final PredictionRecords predictions;
    private final AreaAccess access;
    private final NamedParameterJdbcTemplate jdbc;
    private final ApplicationEventPublisher events;
    private final Clock clock;

    Labels(DeploymentService deployments, PredictionRecords predictions, AreaAccess access, NamedParameterJdbcTemplate jdbc,
            ApplicationEventPublisher events, Clock clock) {
        this.deployments = deployments;
        this.predictions = predictions;
        this.access = access;
        this.jdbc = jdbc;
        this.events = events;
        this.clock = clock;
    }

    /**
     * Stores a batch of labels for the predictions of a deployment (any of its releases).
     *
     * @param areaId the area, when the caller reads several deployments of that name; else null
     * @param from   where they come from: {@code api}, or a label query's name
     */
    /**
     * The labels of a batch whose request id is one of the deployment's answered (and still logged)
     * predictions: a label query drops the others and says how many, so that one purged or foreign
     * id never stops its imports.
     */
    @Transactional(readOnly = true)
    public List<LabelDraft> ofAnsweredPredictions(String deployment, UUID areaId, List<LabelDraft> labels) {
        List<DeploymentView> releases = deployments.releases(deployment, areaId);
        Set<UUID> requestIds = new LinkedHashSet<>();
        labels.stream().filter(l -> l != null && l.requestId() != null).forEach(l -> requestIds.add(l.requestId()));
        Map<UUID, LoggedCall> calls = predictions.calls(releases.stream().map(DeploymentView::id).toList(), requestIds);
        return labels.stream().filter(l -> l != null && l.requestId() != null && calls.containsKey(l.requestId())).toList();
    }

    @Transactional
    public LabelReceipt receive(String deployment, UUID areaId, List<LabelDraft> labels, String from) {
        List<DeploymentView> releases = deployments.releases(deployment, areaId); // not found when the caller may not read it
        DeploymentView any = releases.getFirst();
        access.requireAct(any.areaId(), "deployment", deployment);
        if (labels == null || labels.isEmpty()) {
            throw new InvalidRequestException("labels", "Send at least one label");
        }
        if (labels.size() > MAX_BATCH) {
            throw new InvalidRequestException("labels", "At most " + MAX_BATCH + " labels per batch; this one has " + labels.size());
        }
        Map<String, String> errors = new LinkedHashMap<>();
        Set<UUID> requestIds = new LinkedHashSet<>();
        for (int i = 0; i < labels.size(); i++) {
            LabelDraft label = labels.get(i);
            if (label == null || label.requestId() == null) {
                errors.put("labels[" + i + "].requestId", "Name the prediction's request id");
            } else {
                requestIds.add(label.requestId());
            }
        }
        Map<UUID, LoggedCall> calls = predictions.calls(releases.stream().map(DeploymentView::id).toList(), requestIds);
        Instant now = clock.instant();
        Map<String, Row> rows = new LinkedHashMap<>();
        for (int i = 0; i < labels.size() && errors.size() < 20; i++) {
            LabelDraft label = labels.get(i);
            if (label == null || label.requestId() == null) {
                continue;
            }
            String at = "labels[" + i + "]";
            LoggedCall call = calls.get(label.requestId());
            if (call == null) {
                errors.put(at + ".requestId", "No answered prediction of " + deployment + " has the request id " + label.requestId());
                continue;
            }
            if (label.row() == null || label.row() < 0 || label.row() >= call.rows()) {
                errors.put(at + ".row", "The request " + label.requestId() + " had " + call.rows() + (call.rows() == 1 ? " row (row 0)"
                        : " rows (rows 0 to " + (call.rows() - 1) + ")"));
                continue;
            }
            String text;
            Double number;
            switch (label.label()) {
                case Boolean b -> { text = b.toString(); number = b ? 1.0 : 0.0; }
                case Number n when Double.isFinite(n.doubleValue()) -> { text = new BigDecimal(n.toString()).stripTrailingZeros().toPlainString(); number = n.doubleValue(); }
                case String s when !s.isBlank() && s.length() <= 200 -> { text = s.strip(); number = null; }
                case null -> { errors.put(at + ".label", "Give the label: a number, true/false or a class name"); continue; }
                default -> { errors.put(at + ".label", "A label is a number, true/false or a class name of at most 200 characters"); continue; }
            }
            if (label.labelledAt() == null) {
                errors.put(at + ".labelledAt", "Say when the truth became known (labelledAt, ISO-8601)");
                continue;
            }
            if (label.labelledAt().isAfter(now.plus(CLOCK_SKEW))) {
                errors.put(at + ".labelledAt", "labelledAt is in the future");
                continue;
            }
            if (label.labelledAt().isBefore(call.at().minus(CLOCK_SKEW))) {
                errors.put(at + ".labelledAt", "labelledAt is before the prediction was made (" + call.at() + ")");
                continue;
            }
            String key = label.requestId() + "/" + label.row();
            Row row = new Row(call.releaseId(), label.requestId(), label.row(), text, number, label.labelledAt(), call.at());
            Row earlier = rows.putIfAbsent(key, row);
            if (earlier != null && !earlier.text().equals(text)) {
                errors.put(at + ".label", "Row " + label.row() + " of " + label.requestId() + " is labelled twice in this batch, differently");
            }
        }
        if (!errors.isEmpty()) {
            throw new InvalidRequestException("Nothing was stored: " + errors.size() + (errors.size() == 1 ? " label is" : " labels are")
                    + " not right", errors);
        }
        int[] counts = store(any.areaId(), rows.values(), now, from);
        LabelReceipt receipt = new LabelReceipt(deployment, labels.size(), counts[0], counts[1], rows.size() - counts[0] - counts[1]);
        if (counts[0] + counts[1] > 0) {
            events.publishEvent(new LabelsReceived(any.id(), any.areaId(), deployment, from, labels.size(), counts[0], counts[1],
                    Trace.capture(clock)));
        }
        return receipt;
    }

    private record Row(UUID releaseId, UUID requestId, int row, String text, Double number, Instant labelledAt, Instant predictedAt) {
    }

    /** @return added and changed */
    private int[] store(UUID areaId, java.util.Collection<Row> rows, Instant now, String from) {
        Map<String, Row> known = new HashMap<>();
        List<Row> list = new ArrayList<>(rows);
        for (int i = 0; i < list.size(); i += 1000) {
            List<Row> chunk = list.subList(i, Math.min(list.size(), i + 1000));
            jdbc.query("select deployment_id, request_id, row_index, label_text, labelled_at from prediction_label "
                    + "where request_id in (:requests)", new MapSqlParameterSource("requests",
                            chunk.stream().map(Row::requestId).distinct().toList()), rs -> {
                                Row r = new Row(rs.getObject(1, UUID.class), rs.getObject(2, UUID.class), rs.getInt(3), rs.getString(4),
                                        null, rs.getTimestamp(5).toInstant(), null);
                                known.put(r.releaseId() + "/" + r.requestId() + "/" + r.row(), r);
                            });
        }
        List<MapSqlParameterSource> inserts = new ArrayList<>();
        List<MapSqlParameterSource> updates = new ArrayList<>();
        for (Row row : list) {
            Row old = known.get(row.releaseId() + "/" + row.requestId() + "/" + row.row());
            MapSqlParameterSource p = new MapSqlParameterSource("deployment", row.releaseId()).addValue("request", row.requestId())
                    .addValue("row", row.row()).addValue("area", areaId).addValue("text", row.text()).addValue("number", row.number())
                    .addValue("labelled", Timestamp.from(row.labelledAt())).addValue("received", Timestamp.from(now))
                    .addValue("predicted", Timestamp.from(row.predictedAt()))
                    .addValue("from", from.length() > 20 ? from.substring(0, 20) : from);
            if (old == null) {
                inserts.add(p);
            } else if (!Objects.equals(old.text(), row.text()) && !row.labelledAt().isBefore(old.labelledAt())) {
                updates.add(p); // a correction; an older label than the one stored changes nothing
            }
        }
        if (!inserts.isEmpty()) {
            jdbc.batchUpdate("insert into prediction_label (deployment_id, request_id, row_index, area_id, label_text, label_number, "
                    + "labelled_at, received_at, received_from, predicted_at) values (:deployment, :request, :row, :area, :text, :number, "
                    + ":labelled, :received, :from, :predicted)", inserts.toArray(MapSqlParameterSource[]::new));
        }
        if (!updates.isEmpty()) {
            jdbc.batchUpdate("update prediction_label set label_text = :text, label_number = :number, labelled_at = :labelled, "
                    + "received_at = :received, received_from = :from where deployment_id = :deployment and request_id = :request "
                    + "and row_index = :row", updates.toArray(MapSqlParameterSource[]::new));
        }
        List<MapSqlParameterSource> changed = new ArrayList<>(inserts);
        changed.addAll(updates);
        performanceDue(changed);
        return new int[] {inserts.size(), updates.size()};
    }

    /** The hours of newly labelled predictions: their performance windows are evaluated again (see {@link PerformanceResults}). */
    private void performanceDue(List<MapSqlParameterSource> changed) {
        Set<String> seen = new java.util.HashSet<>();
        for (MapSqlParameterSource p : changed) {
            Instant hour = ((Timestamp) p.getValue("predicted")).toInstant().truncatedTo(java.time.temporal.ChronoUnit.HOURS);
            if (seen.add(p.getValue("deployment") + "/" + hour)) {
                MapSqlParameterSource due = new MapSqlParameterSource("deployment", p.getValue("deployment"))
                        .addValue("hour", Timestamp.from(hour)).addValue("mark", UUID.randomUUID());
                if (jdbc.update("update performance_due set mark = :mark where deployment_id = :deployment and hour_start = :hour", due) == 0) {
                    jdbc.update("insert into performance_due (deployment_id, hour_start, mark) values (:deployment, :hour, :mark)", due);
                }
            }
        }
    }
}
