package io.esteira.scheduling;

import io.esteira.areas.AreaService;
import io.esteira.costs.UsageLedger;
import io.esteira.costs.UsageStart;
import io.esteira.features.QuerySources;
import io.esteira.scheduling.SchedulingEvents.ScheduleRunFinished;
import io.esteira.scheduling.domain.Schedule;
import io.esteira.scheduling.domain.Schedule.TargetMode;
import io.esteira.scheduling.domain.ScheduleAlert;
import io.esteira.scheduling.domain.ScheduleRun;
import io.esteira.scheduling.domain.ScheduleRuns;
import io.esteira.scheduling.domain.Schedules;
import io.esteira.shared.AfterCommit;
import io.esteira.shared.Trace;
import io.esteira.shared.errors.SqlErrors;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Locale;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * One run of a schedule: its row in the run log (unique per schedule, time and attempt, so it runs once whichever
 * node takes it) with its metered query slot, the query and the target, and the outcome whatever happens; a failed
 * scheduled run is retried or raises an alert. Each step in a transaction of its own, none around the query.
 */
@Component
class RunExecution {

    private static final Logger log = LoggerFactory.getLogger(RunExecution.class);

    private final Schedules schedules;
    private final ScheduleRuns runs;
    private final QuerySources sources;
    private final AreaService areas;
    private final UsageLedger usage;
    private final RowScorers scorers;
    private final ScheduleTriggers triggers;
    private final AlertRaiser alerts;
    private final ApplicationEventPublisher events;
    private final TransactionTemplate tx;
    private final String node;
    private final Clock clock;

    RunExecution(Schedules schedules, ScheduleRuns runs, QuerySources sources, AreaService areas, UsageLedger usage, RowScorers scorers,
            ScheduleTriggers triggers, AlertRaiser alerts, ApplicationEventPublisher events, PlatformTransactionManager transactionManager,
            @Value("${esteira.node-id:local}") String node, Clock clock) {
        this.schedules = schedules;
        this.runs = runs;
        this.sources = sources;
        this.areas = areas;
        this.usage = usage;
        this.scorers = scorers;
        this.triggers = triggers;
        this.alerts = alerts;
        this.events = events;
        this.tx = new TransactionTemplate(transactionManager);
        tx.setPropagationBehavior(TransactionTemplate.PROPAGATION_REQUIRES_NEW);
        this.node = node;
        this.clock = clock;
    }

    /** The run's row and its open query slot, committed before it runs. */
    ScheduleRun start(Schedule schedule, Instant scheduledFor, int attempt, ScheduleRun.Trigger trigger) {
        LocalDate runDate = scheduledFor.atZone(ZoneId.of(schedule.getZone())).toLocalDate();
        return tx.execute(s -> {
            ScheduleRun run = runs.saveAndFlush(new ScheduleRun(schedule.getId(), schedule.getAreaId(), scheduledFor, attempt, trigger,
                    runDate, node, clock.instant()));
            UsageStart slot = ScheduleMetering.started(schedule, run.getId(), run.getStartedAt()).partOf(schedule.getId());
            RowScorer.Model model = scorers.chargedModel(schedule);
            usage.open(model == null ? slot : slot.ofModel(model.id(), model.name()));
            return run;
        });
    }

    /**
     * A fire whose node died: its run, if still marked running, is closed as failed.
     *
     * @return the attempt to run now, or null when the fire had finished before its node died
     */
    Integer takeOver(Schedule schedule, Instant scheduledFor) {
        ScheduleRun interrupted = runs.findTopByScheduleIdAndScheduledForOrderByAttemptDesc(schedule.getId(), scheduledFor).orElse(null);
        if (interrupted == null) {
            return 1;
        }
        if (interrupted.getState() != ScheduleRun.State.RUNNING) {
            log.info("Schedule {} at {} had finished ({}) before its node stopped", schedule.getName(), scheduledFor, interrupted.getState());
            return null;
        }
        tx.executeWithoutResult(s -> runs.findById(interrupted.getId()).ifPresent(r -> {
            r.failed("Node " + r.getNode() + " stopped during the run; " + node + " took it over", 0, clock.instant());
            runs.saveAndFlush(r);
            usage.close(ScheduleMetering.source(schedule), r.getId(), clock.instant(), "node stopped");
        }));
        log.info("Schedule {} at {} taken over after its node stopped (attempt {})", schedule.getName(), scheduledFor,
                interrupted.getAttempt() + 1);
        return interrupted.getAttempt() + 1;
    }

    /** Runs the query and writes the target; the outcome lands in the run log whatever happens. */
    void execute(UUID scheduleId, UUID runId) {
        Schedule schedule = schedules.findById(scheduleId).orElse(null);
        ScheduleRun run = runs.findById(runId).orElse(null);
        if (schedule == null || run == null) {
            return; // deleted meanwhile, with its runs
        }
        long[] read = new long[1];
        long written = 0;
        String error = null;
        RunLog runLog = new RunLog();
        runLog.add("Run of " + schedule.getName() + " for " + run.getRunDate() + " (attempt " + run.getAttempt() + ", "
                + run.getTrigger().name().toLowerCase(Locale.ROOT) + ") on " + node);
        try {
            SqlParameters query = SqlParameters.of(schedule.getSql());
            // again: the rules (and the data's classification) may have changed since it was saved
            sources.checkSelect(schedule.getSourceId(), query.sql(), schedule.getAreaId());
            try (Connection in = sources.openReadOnly(schedule.getSourceId(), schedule.getAreaId())) {
                in.setAutoCommit(false);
                runLog.add("Connected read-only to the source; time limit " + schedule.getTimeoutSeconds() + " s"
                        + (query.names().isEmpty() ? "" : "; parameters " + String.join(", ", query.names())));
                try (PreparedStatement statement = in.prepareStatement(query.sql(), ResultSet.TYPE_FORWARD_ONLY, ResultSet.CONCUR_READ_ONLY)) {
                    statement.setQueryTimeout(schedule.getTimeoutSeconds());
                    statement.setFetchSize(1_000);
                    query.bind(statement, run.getRunDate(), run.getScheduledFor());
                    try (ResultSet rs = new CountingResultSet(statement.executeQuery(), read).resultSet()) {
                        runLog.add("Query started");
                        TargetWriter.Rows rows = TargetWriter.Rows.of(rs);
                        ScoredRows scored = null;
                        if (schedule.isManaged()) {
                            RowScorer.Scoring scoring = scorers.scorer(schedule.getScorerType()).open(schedule.getScorerSubject(), rows.names());
                            runLog.add("Scoring with " + scoring.description() + ", at most " + RowScorer.CHUNK + " rows at a time");
                            rows = scored = new ScoredRows(rows, scoring);
                        }
                        if (schedule.getTargetMode() == TargetMode.NONE) {
                            while (rows.next()) {
                                // counted
                            }
                        } else {
                            String target = schemaOf(schedule.getAreaId()) + "." + schedule.getTargetTable();
                            try (Connection out = sources.openForWriting(schedule.getSourceId(), schedule.getAreaId())) {
                                written = TargetWriter.write(out, schemaOf(schedule.getAreaId()), schedule.getTargetTable(),
                                        schedule.getTargetMode(), schedule.targetKeyList(), rows, runId.toString().substring(0, 8));
                            }
                            runLog.add(schedule.getTargetMode().name().toLowerCase(Locale.ROOT) + " into " + target + ": " + written
                                    + " rows written");
                        }
                        if (scored != null) {
                            runLog.add(scored.scored() + " rows scored in " + scored.chunks() + " chunks");
                        }
                        runLog.add(read[0] + " rows read");
                    }
                } finally {
                    in.rollback();
                }
            }
        } catch (SQLException | RuntimeException e) {
            // the source's own words go to the log; the run says what they mean
            error = e instanceof SQLException refused
                    ? SqlErrors.fromSource("sql", refused, schedule.getSql(), null, schedule.getTimeoutSeconds()).getMessage()
                    : e.getMessage();
            runLog.add("Failed after " + read[0] + " rows read: " + error
                    + (schedule.getTargetMode() == TargetMode.NONE ? "" : "; the target was left as it was"));
            log.warn("Schedule {} run {} failed: {}", schedule.getName(), runId, e.getMessage());
        }
        runLog.add((error == null ? "Succeeded" : "Failed") + " in " + runLog.elapsed());
        String failure = error;
        long rowsWritten = written;
        tx.executeWithoutResult(s -> {
            ScheduleRun done = runs.findById(runId).orElseThrow();
            done.log(runLog.text());
            if (failure == null) {
                done.succeeded(read[0], rowsWritten, clock.instant());
            } else {
                done.failed(failure, read[0], clock.instant());
            }
            runs.saveAndFlush(done);
            usage.close(ScheduleMetering.source(schedule), runId, clock.instant(), failure == null ? "succeeded" : "failed");
            events.publishEvent(new ScheduleRunFinished(runId, schedule.getId(), schedule.getAreaId(), schedule.getName(), failure == null,
                    read[0], rowsWritten, failure, Trace.system(clock)));
            if (failure != null) {
                afterFailure(schedule, done);
            }
        });
    }

    /**
     * A failed scheduled run is retried automatically while it has retries left, after the retry
     * delay doubled for each earlier retry; once none are left, an alert is raised. Manual runs
     * and reruns are watched by whoever started them, so they raise none.
     */
    private void afterFailure(Schedule schedule, ScheduleRun failed) {
        ScheduleRun.Trigger trigger = failed.getTrigger();
        boolean automatic = trigger == ScheduleRun.Trigger.SCHEDULE || trigger == ScheduleRun.Trigger.RETRY;
        if (automatic && failed.getAttempt() <= schedule.getRetries() && schedule.getState() == Schedule.State.ACTIVE) {
            int next = failed.getAttempt() + 1;
            Instant at = clock.instant().plus(schedule.retryDelay(failed.getAttempt()));
            AfterCommit.run(() -> triggers.retry(schedule, failed.getScheduledFor(), next, at));
            log.info("Schedule {} at {} failed (attempt {}); retry at {}", schedule.getName(), failed.getScheduledFor(), failed.getAttempt(), at);
            return;
        }
        if (automatic || trigger == ScheduleRun.Trigger.BACKFILL) {
            alerts.raise(schedule, failed.getScheduledFor(), ScheduleAlert.Kind.FAILED, failed.getId(), "The run of " + schedule.getName() + " for "
                    + failed.getRunDate() + " failed" + (failed.getAttempt() > 1 ? " after " + failed.getAttempt() + " attempts" : "") + ": "
                    + failed.getError());
        }
    }

    /** An area writes only into its own schema: {@code area_<code>}. */
    private String schemaOf(UUID areaId) {
        return QuerySources.areaSchema(areas.get(areaId).code());
    }

    /** A run's log: time-stamped lines, relative to its start. */
    private static final class RunLog {
        private final long start = System.nanoTime();
        private final StringBuilder text = new StringBuilder();

        void add(String line) {
            text.append(String.format(Locale.ROOT, "%8.3f s  ", (System.nanoTime() - start) / 1e9)).append(line).append('\n');
        }

        String elapsed() {
            Duration d = Duration.ofNanos(System.nanoTime() - start);
            return d.toMillis() < 1000 ? d.toMillis() + " ms" : String.format(Locale.ROOT, "%.1f s", d.toMillis() / 1000.0);
        }

        String text() {
            return text.toString();
        }
    }
}
