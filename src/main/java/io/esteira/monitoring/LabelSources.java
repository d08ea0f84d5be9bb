package io.esteira.monitoring;

import io.esteira.areas.AreaAccess;
import io.esteira.deployments.DeploymentService;
import io.esteira.deployments.DeploymentView;
import io.esteira.features.QuerySources;
import io.esteira.monitoring.MonitoringEvents.LabelSourceChanged;
import io.esteira.monitoring.domain.Monitor;
import io.esteira.monitoring.domain.Monitors;
import io.esteira.shared.InvalidRequestException;
import io.esteira.shared.Trace;
import io.esteira.shared.security.CurrentUser;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * A scheduled-query label source: a release's monitor names a data source and a SELECT returning, in
 * this order, the prediction's request id, the row, the label and when it was labelled; every {@code
 * everyMinutes} the query runs on a read-only connection and its rows go through {@link Labels} in
 * batches (idempotent: rows already stored change nothing). The query passes the same checks as every
 * scheduled query (the source's dialect allow-list, the area's grants on the source and its tables,
 * other areas' personal data), when it is named and again at every run.
 */
@Service
@PreAuthorize("isAuthenticated()")
public class LabelSources {

    /** The most rows one run imports; the rest wait for the next run. */
    public static final int MAX_ROWS = 100_000;
    private static final int TIMEOUT_SECONDS = 120;
    private static final Logger log = LoggerFactory.getLogger(LabelSources.class);

    /** What a release's label query is, and how its last run went. */
    public record LabelSourceView(String deployment, UUID releaseId, UUID sourceId, String source, String sql, Integer everyMinutes,
            String configuredBy, Instant lastRun, String lastOutcome) {
    }

    /**
     * @param sql          one SELECT returning request id, row, label, labelled-at (in that order)
     * @param everyMinutes how often it runs: 5 minutes to 7 days; 60 when not given
     */
    public record LabelSourceDraft(UUID sourceId, String sql, Integer everyMinutes) {
    }

    private final DeploymentService deployments;
    private final MonitoringAlerts monitorsOfReleases;
    private final Monitors monitors;
    private final QuerySources sources;
    private final Labels labels;
    private final AreaAccess access;
    private final ApplicationEventPublisher events;
    private final TransactionTemplate tx;
    private final Clock clock;

    LabelSources(DeploymentService deployments, MonitoringAlerts monitorsOfReleases, Monitors monitors, QuerySources sources, Labels labels,
            AreaAccess access, ApplicationEventPublisher events, TransactionTemplate tx, Clock clock) {
        this.deployments = deployments;
        this.monitorsOfReleases = monitorsOfReleases;
        this.monitors = monitors;
        this.sources = sources;
        this.labels = labels;
        this.access = access;
        this.events = events;
        this.tx = tx;
        this.clock = clock;
    }

    /** The label query of a deployment's stable live release (null fields when it has none). */
    public LabelSourceView get(String deployment, UUID areaId) {
        DeploymentView release = deployments.get(deployment, areaId);
        return view(release, monitorsOfReleases.monitorOf(release.id(), release.areaId()));
    }

    /**
     * Names the query that imports a deployment's labels (its stable live release's monitor); audited.
     *
     * @throws InvalidRequestException (problem+json) when the query is not an allowed SELECT or reads what the area may not
     */
    public LabelSourceView configure(String deployment, UUID areaId, LabelSourceDraft draft) {
        DeploymentView release = deployments.get(deployment, areaId);
        access.requireAct(release.areaId(), "deployment", deployment);
        if (draft == null || draft.sourceId() == null) {
            throw new InvalidRequestException("sourceId", "Name the data source the query runs on");
        }
        if (draft.sql() == null || draft.sql().isBlank()) {
            throw new InvalidRequestException("sql", "Give the query: a SELECT returning request id, row, label, labelled-at");
        }
        if (draft.sql().length() > 4000) {
            throw new InvalidRequestException("sql", "At most 4000 characters");
        }
        int every = draft.everyMinutes() == null ? 60 : draft.everyMinutes();
        if (every < 5 || every > 7 * 24 * 60) {
            throw new InvalidRequestException("everyMinutes", "Between 5 minutes and 7 days (10080)");
        }
        String source = sources.requireUsableBy(draft.sourceId(), release.areaId());
        String checked = sources.checkSelect(draft.sourceId(), draft.sql().strip(), release.areaId());
        String by = CurrentUser.require().username();
        Monitor saved = tx.execute(s -> {
            Monitor monitor = monitorsOfReleases.monitorOf(release.id(), release.areaId());
            monitor.labelQuery(draft.sourceId(), checked, every, by);
            Monitor m = monitors.saveAndFlush(monitor);
            events.publishEvent(new LabelSourceChanged(release.id(), release.areaId(), release.name(), draft.sourceId(), source, checked, every,
                    Trace.capture(clock)));
            return m;
        });
        return view(release, saved);
    }

    /** Removes a deployment's label query; audited. */
    public void remove(String deployment, UUID areaId) {
        DeploymentView release = deployments.get(deployment, areaId);
        access.requireAct(release.areaId(), "deployment", deployment);
        tx.executeWithoutResult(s -> {
            Monitor monitor = monitorsOfReleases.monitorOf(release.id(), release.areaId());
            if (monitor.getLabelSourceId() == null) {
                return;
            }
            monitor.labelQuery(null, null, null, null);
            monitors.saveAndFlush(monitor);
            events.publishEvent(new LabelSourceChanged(release.id(), release.areaId(), release.name(), null, null, null, null,
                    Trace.capture(clock)));
        });
    }

    /** Runs a deployment's label query now, as its area. */
    public LabelSourceView importNow(String deployment, UUID areaId) {
        DeploymentView release = deployments.get(deployment, areaId);
        access.requireAct(release.areaId(), "deployment", deployment);
        Monitor monitor = monitorsOfReleases.monitorOf(release.id(), release.areaId());
        if (monitor.getLabelSourceId() == null) {
            throw new InvalidRequestException("labelSource", deployment + " has no label query");
        }
        run(release, monitor);
        return get(deployment, areaId);
    }

    /** Runs the label queries that are due, of live releases. Run by the system; returns how many ran. */
    public int importDue() {
        Instant now = clock.instant();
        int ran = 0;
        for (Monitor monitor : monitors.findByLabelSourceIdNotNull()) {
            if (!monitor.labelQueryDue(now)) {
                continue;
            }
            DeploymentView release = deployments.get(monitor.getDeploymentId());
            if (release.live()) {
                run(release, monitor);
                ran++;
            }
        }
        return ran;
    }

    private void run(DeploymentView release, Monitor monitor) {
        UUID sourceId = monitor.getLabelSourceId();
        String outcome;
        int read = 0;
        int added = 0;
        int changed = 0;
        int unknown = 0;
        try {
            // again: grants and the data's classification may have changed since it was named
            sources.requireUsableBy(sourceId, release.areaId());
            String sql = sources.checkSelect(sourceId, monitor.getLabelQuery(), release.areaId());
            try (Connection in = sources.openReadOnly(sourceId, release.areaId())) {
                in.setAutoCommit(false);
                try (PreparedStatement statement = in.prepareStatement(sql, ResultSet.TYPE_FORWARD_ONLY, ResultSet.CONCUR_READ_ONLY)) {
                    statement.setQueryTimeout(TIMEOUT_SECONDS);
                    statement.setFetchSize(1_000);
                    statement.setMaxRows(MAX_ROWS);
                    try (ResultSet rs = statement.executeQuery()) {
                        if (rs.getMetaData().getColumnCount() < 4) {
                            throw new InvalidRequestException("sql", "The query returns " + rs.getMetaData().getColumnCount()
                                    + " columns: return request id, row, label, labelled-at");
                        }
                        List<LabelDraft> batch = new ArrayList<>();
                        while (rs.next()) {
                            read++;
                            batch.add(label(rs, read));
                            if (batch.size() == Labels.MAX_BATCH) {
                                int[] counts = importBatch(release, batch);
                                added += counts[0];
                                changed += counts[1];
                                unknown += counts[2];
                                batch.clear();
                            }
                        }
                        if (!batch.isEmpty()) {
                            int[] counts = importBatch(release, batch);
                            added += counts[0];
                            changed += counts[1];
                            unknown += counts[2];
                        }
                    }
                } finally {
                    in.rollback();
                }
            }
            outcome = "Imported " + read + " rows: " + added + " labels added, " + changed + " changed, " + (read - added - changed - unknown)
                    + " already known" + (unknown == 0 ? "" : ", " + unknown + " not of an answered prediction still in the log (left out)");
        } catch (InvalidRequestException e) {
            String first = e.fieldErrors() == null || e.fieldErrors().isEmpty() ? ""
                    : " (" + e.fieldErrors().entrySet().iterator().next().getKey() + ": " + e.fieldErrors().values().iterator().next() + ")";
            outcome = "Failed after " + read + " rows (" + added + " added, " + changed + " changed before): " + e.getMessage() + first;
        } catch (SQLException | RuntimeException e) {
            outcome = "Failed after " + read + " rows (" + added + " added, " + changed + " changed before): " + e.getMessage();
        }
        log.info("Label query of {} v{}: {}", release.name(), release.modelVersion(), outcome);
        String result = outcome;
        tx.executeWithoutResult(s -> monitors.findById(monitor.getDeploymentId()).ifPresent(m -> {
            m.labelQueryRan(clock.instant(), result);
            monitors.saveAndFlush(m);
        }));
    }

    /** Imports the batch's labels of answered predictions: added, changed, and how many named no such prediction. */
    private int[] importBatch(DeploymentView release, List<LabelDraft> batch) {
        List<LabelDraft> known = labels.ofAnsweredPredictions(release.name(), release.areaId(), batch);
        if (known.isEmpty()) {
            return new int[] {0, 0, batch.size()};
        }
        LabelReceipt receipt = labels.receive(release.name(), release.areaId(), known, "query");
        return new int[] {receipt.added(), receipt.changed(), batch.size() - known.size()};
    }

    private static LabelDraft label(ResultSet rs, int row) throws SQLException {
        UUID request;
        Object id = rs.getObject(1);
        try {
            request = id instanceof UUID u ? u : id == null ? null : UUID.fromString(id.toString().strip());
        } catch (IllegalArgumentException e) {
            throw new InvalidRequestException("sql", "Row " + row + " of the query: the first column is not a request id (" + id + ")");
        }
        Object index = rs.getObject(2);
        Integer at = index instanceof Number n ? Integer.valueOf(n.intValue()) : null;
        Object value = rs.getObject(3);
        if (value instanceof java.math.BigDecimal d) {
            value = d.doubleValue();
        }
        Object when = rs.getObject(4);
        Instant labelledAt = when instanceof OffsetDateTime o ? o.toInstant() : when instanceof Timestamp t ? t.toInstant()
                : when instanceof java.time.LocalDateTime l ? l.toInstant(java.time.ZoneOffset.UTC) : when instanceof Instant i ? i
                : when == null ? null : rs.getTimestamp(4).toInstant();
        return new LabelDraft(request, at, value, labelledAt);
    }

    private LabelSourceView view(DeploymentView release, Monitor m) {
        String source = null;
        if (m.getLabelSourceId() != null) {
            try {
                source = sources.requireUsableBy(m.getLabelSourceId(), release.areaId());
            } catch (RuntimeException e) {
                source = "(no longer usable: " + e.getMessage() + ")";
            }
        }
        return new LabelSourceView(release.name(), release.id(), m.getLabelSourceId(), source, m.getLabelQuery(), m.getLabelQueryMinutes(),
                m.getLabelQueryBy(), m.getLabelQueryLastRun(), m.getLabelQueryLastOutcome());
    }
}
