package io.esteira.scheduling;

import io.esteira.areas.AreaAccess;
import io.esteira.costs.CostQuotes;
import io.esteira.features.QuerySources;
import io.esteira.scheduling.ScheduleEstimates.Estimate;
import io.esteira.scheduling.domain.Schedule;
import io.esteira.scheduling.domain.ScheduleRun;
import io.esteira.scheduling.domain.ScheduleRuns;
import io.esteira.shared.InvalidRequestException;
import io.esteira.shared.errors.SqlErrors;
import io.esteira.shared.jdbc.Cancellation;
import io.esteira.shared.limits.PerPersonLimit;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/** What a schedule would do, before it is saved or run: the first rows of its query, whether the query passes, and what it costs. */
@Service
@Transactional(readOnly = true)
@PreAuthorize("isAuthenticated()")
public class SchedulePreviews {

    /** The most rows a preview shows, and its time limit. */
    public static final int PREVIEW_ROWS = 100;
    private static final int PREVIEW_TIMEOUT_SECONDS = 30;

    private final QuerySources sources;
    private final AreaAccess access;
    private final ScheduleAccess schedules;
    private final ScheduleRuns runs;
    private final ScheduleEstimates estimates;
    private final CostQuotes quotes;
    private final Clock clock;

    SchedulePreviews(QuerySources sources, AreaAccess access, ScheduleAccess schedules, ScheduleRuns runs, ScheduleEstimates estimates,
            CostQuotes quotes, Clock clock) {
        this.sources = sources;
        this.access = access;
        this.schedules = schedules;
        this.runs = runs;
        this.estimates = estimates;
        this.quotes = quotes;
        this.clock = clock;
    }

    /**
     * The first rows of a query as the wizard shows them: checked like a saved one, run on a
     * read-only connection with a time limit, with {@code ${run_date}} as today and {@code ${run_ts}} as now.
     */
    @Transactional(propagation = Propagation.NOT_SUPPORTED)
    @PerPersonLimit("preview")
    public QueryRows preview(UUID areaId, UUID sourceId, String sql) {
        access.requireAct(areaId, "area", areaId);
        sources.requireUsableBy(sourceId, areaId);
        return sources.audited(sourceId, areaId, "schedule preview", sql, () -> previewRows(areaId, sourceId, sql));
    }

    private QueryRows previewRows(UUID areaId, UUID sourceId, String sql) {
        SqlParameters query = SqlParameters.of(sql);
        sources.checkSelect(sourceId, query.sql(), areaId);
        Instant now = clock.instant();
        try (Connection in = sources.openReadOnly(sourceId, areaId)) {
            in.setAutoCommit(false);
            try (PreparedStatement statement = in.prepareStatement(query.sql())) {
                statement.setQueryTimeout(PREVIEW_TIMEOUT_SECONDS);
                statement.setMaxRows(PREVIEW_ROWS + 1);
                query.bind(statement, LocalDate.now(clock.withZone(ZoneOffset.UTC)), now);
                try (Cancellation.Watch watch = Cancellation.watch(statement);
                        ResultSet rs = statement.executeQuery()) {
                    int width = rs.getMetaData().getColumnCount();
                    List<String> columns = new ArrayList<>(width);
                    for (int i = 1; i <= width; i++) {
                        columns.add(rs.getMetaData().getColumnLabel(i));
                    }
                    List<List<String>> rows = new ArrayList<>();
                    while (rs.next() && rows.size() < PREVIEW_ROWS + 1) {
                        List<String> row = new ArrayList<>(width);
                        for (int i = 1; i <= width; i++) {
                            row.add(rs.getString(i));
                        }
                        rows.add(row);
                    }
                    boolean more = rows.size() > PREVIEW_ROWS;
                    return new QueryRows(columns, more ? rows.subList(0, PREVIEW_ROWS) : rows, more);
                }
            } finally {
                in.rollback();
            }
        } catch (SQLException e) {
            throw SqlErrors.fromSource("sql", e, sql, null, PREVIEW_TIMEOUT_SECONDS);
        }
    }

    /** The check a query gets on save, alone: one read-only SELECT with known parameters. @throws InvalidRequestException with the parser's message */
    public void checkQuery(String sql) {
        QuerySources.checkSelect(SqlParameters.of(sql).sql());
    }

    /**
     * What a schedule costs, by the function that bills its runs: one run at its expected run time (the average of
     * its last ten finished runs, or its time limit while it has none), its runs in the next 730 hours and what its
     * runs left this month leave of the area's budget. Members of the area ask; others are told it is not found.
     */
    public ScheduleQuote quote(UUID id) {
        return quote(estimates.of(schedules.readable(id)));
    }

    /**
     * As {@link #quote(UUID)} for a schedule being written: its area, cron, zone, calendar and time limit;
     * {@code editing}, when given, is the schedule it changes (whose runs give the expected run time).
     *
     * @throws InvalidRequestException naming the field that is wrong
     */
    public ScheduleQuote quote(ScheduleDraft draft, UUID editing) {
        if (draft == null || draft.areaId() == null) {
            throw new InvalidRequestException("areaId", "Pick an area");
        }
        access.requireRead(draft.areaId(), "area", draft.areaId());
        if (draft.timeoutSeconds() < 1 || draft.timeoutSeconds() > 21_600) {
            throw new InvalidRequestException("timeoutSeconds", "A time limit of 1 second to 6 hours");
        }
        ScheduleTiming timing = new ScheduleTiming(draft.cron(), draft.zone());
        Schedule was = editing == null ? null : schedules.readable(editing);
        if (was != null && !was.getAreaId().equals(draft.areaId())) {
            throw new InvalidRequestException("areaId", "A schedule stays in its area");
        }
        List<ScheduleRun> recent = was == null ? List.of() : runs.findTop10ByScheduleIdAndFinishedAtIsNotNullOrderByStartedAtDesc(editing);
        return quote(ScheduleEstimates.of(draft.areaId(), timing, draft.calendarOrDefault(), draft.timeoutSeconds(), was != null && was.isManaged(),
                recent));
    }

    private ScheduleQuote quote(Estimate e) {
        return new ScheduleQuote(quotes.runs(e.areaId(), e.runs()), e.basis(), e.runs().perRun().toMillis() / 1000.0, e.averaged(),
                e.runs().predictedRowsPerRun(), e.inWords());
    }
}
