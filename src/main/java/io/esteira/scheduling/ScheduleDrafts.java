package io.esteira.scheduling;

import io.esteira.features.QuerySources;
import io.esteira.notifications.Notifications;
import io.esteira.scheduling.domain.Schedule;
import io.esteira.scheduling.domain.Schedule.TargetMode;
import io.esteira.shared.InvalidRequestException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/** What a person (or a module) writes into a schedule, checked before it is taken; and a schedule's definition as the audit log shows it. */
@Component
class ScheduleDrafts {

    private final QuerySources sources;
    private final Notifications notifications;
    private final Duration minimumInterval;
    private final Clock clock;

    ScheduleDrafts(QuerySources sources, Notifications notifications,
            @Value("${esteira.scheduling.minimum-interval:PT1M}") Duration minimumInterval, Clock clock) {
        this.sources = sources;
        this.notifications = notifications;
        this.minimumInterval = minimumInterval;
        this.clock = clock;
    }

    /**
     * Checks the draft (the source, the query, the schedule, the target) and writes it into the schedule.
     *
     * @throws InvalidRequestException naming the field that is wrong
     */
    void define(Schedule schedule, ScheduleDraft draft) {
        sources.requireUsableBy(draft.sourceId(), draft.areaId());
        SqlParameters parameters = SqlParameters.of(draft.sql());
        sources.checkSelect(draft.sourceId(), parameters.sql(), draft.areaId());
        ScheduleTiming timing = new ScheduleTiming(draft.cron(), draft.zone());
        List<Instant> next = timing.nextFires(clock.instant(), 2, draft.calendarOrDefault());
        if (next.size() == 2 && Duration.between(next.get(0), next.get(1)).compareTo(minimumInterval) < 0) {
            throw new InvalidRequestException("cron", "A schedule runs at most every " + minimumInterval.toSeconds() + " s");
        }
        if (next.isEmpty()) {
            throw new InvalidRequestException("cron", draft.cron() + " never fires again");
        }
        boolean writes = draft.targetMode() != TargetMode.NONE;
        if (writes && (draft.targetTable() == null || draft.targetTable().isBlank())) {
            throw new InvalidRequestException("targetTable", "Name the table the rows go to");
        }
        if (!writes && draft.targetTable() != null && !draft.targetTable().isBlank()) {
            throw new InvalidRequestException("targetMode", "Pick replace, append or upsert to write into " + draft.targetTable());
        }
        if (writes && !sources.acceptsAreaTables(draft.sourceId())) {
            throw new InvalidRequestException("targetTable", "The source is a system of record, which the portal never writes; "
                    + "read from it and write into a source of truth or a specific source");
        }
        List<String> keys = draft.targetKeys() == null ? List.of() : draft.targetKeys();
        if (draft.targetMode() == TargetMode.UPSERT && keys.isEmpty()) {
            throw new InvalidRequestException("targetKeys", "Upsert needs the key columns that identify a row");
        }
        ScheduleOptions options = draft.optionsOrDefault();
        if (options.webhookUrl() != null) {
            notifications.checkWebhook(options.webhookUrl());
        }
        schedule.define(draft.description(), draft.sourceId(), draft.sql().strip(), writes ? draft.targetTable() : null, draft.targetMode(),
                draft.targetMode() == TargetMode.UPSERT ? keys : List.of(), timing.cron(), timing.zone(), draft.calendarOrDefault(),
                draft.timeoutSeconds(), options, clock.instant());
    }

    /** What an edit may change, as the audit log shows it (the webhook only as set or not: its address may carry a secret). */
    static Map<String, Object> definition(Schedule s) {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("description", s.getDescription());
        d.put("source", String.valueOf(s.getSourceId()));
        d.put("sql", s.getSql());
        d.put("target", s.getTargetMode() + " " + s.getTargetTable() + " " + s.targetKeyList());
        d.put("cron", s.getCron() + " " + s.getZone());
        d.put("calendar", s.getCalendar().name());
        d.put("timeoutSeconds", s.getTimeoutSeconds());
        ScheduleOptions o = s.options();
        d.put("retries", o.retries() + " after " + o.retryDelaySeconds() + " s");
        d.put("misfire", o.misfire().name());
        d.put("deadlineMinutes", String.valueOf(o.deadlineMinutes()));
        d.put("notifyOnFailure", o.notifyOnFailure());
        d.put("webhook", o.webhookUrl() == null ? "none" : "set (" + Objects.hash(o.webhookUrl()) + ")");
        return d;
    }

    /** What changed between two definitions: {@code key → "before → after"}. */
    static Map<String, Object> changes(Map<String, Object> before, Map<String, Object> after) {
        Map<String, Object> changed = new TreeMap<>();
        after.forEach((k, v) -> {
            if (!Objects.equals(before.get(k), v)) {
                changed.put(k, before.get(k) + " → " + v);
            }
        });
        return changed;
    }
}
