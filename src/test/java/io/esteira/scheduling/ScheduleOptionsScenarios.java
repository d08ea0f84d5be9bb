package io.esteira.scheduling;

import static io.esteira.support.Personas.ADMIN;
import static io.esteira.support.Personas.DS_CREDIT;
import static io.esteira.support.Personas.DS_FRAUD;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;

import io.esteira.areas.AreaService;
import io.esteira.areas.AreaSummary;
import io.esteira.features.DataSourceService;
import io.esteira.features.DemoWarehouse;
import io.esteira.identity.ApiTokenService;
import io.esteira.identity.TokenRequest;
import io.esteira.scheduling.domain.Schedule.TargetMode;
import io.esteira.shared.InvalidRequestException;
import io.esteira.shared.NotFoundException;
import io.esteira.shared.security.SystemActor;
import io.esteira.support.Api;
import io.esteira.support.Api.Response;
import io.esteira.support.AuditTrail;
import io.esteira.support.Personas;
import io.esteira.support.WebhookReceiver;
import io.esteira.notifications.Notifications;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.quartz.CronTrigger;
import org.quartz.Scheduler;
import org.quartz.Trigger;
import org.quartz.TriggerKey;
import org.quartz.impl.matchers.GroupMatcher;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.data.domain.PageRequest;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.orm.ObjectOptimisticLockingFailureException;

/** A schedule's options: retries with backoff, misfires, deadlines and alerts, business days, edits and the query preview. */
abstract class ScheduleOptionsScenarios {

    /** Far from now: a schedule that must not fire by itself during a test. */
    static final String NEVER_NOW = "0 0 3 1 1 ?";

    @Autowired
    ScheduleQueries scheduleQueries;
    @Autowired
    ScheduleDefinitions scheduleDefinitions;
    @Autowired
    ScheduleRunner scheduleRunner;
    @Autowired
    ScheduleDeadlines scheduleDeadlines;
    @Autowired
    SchedulePreviews schedulePreviews;
    @Autowired
    DataSourceService sources;
    @Autowired
    DemoWarehouse warehouse;
    @Autowired
    AreaService areas;
    @Autowired
    Personas personas;
    @Autowired
    AuditTrail audit;
    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    Scheduler quartz;
    @Autowired
    ApiTokenService tokens;
    @Autowired
    Api api;
    @Autowired
    Notifications notifications;

    UUID credit;
    UUID demo;

    @BeforeEach
    void prepare() {
        await().atMost(Duration.ofSeconds(90)).until(() -> warehouse.progress().finished());
        credit = personas.call(ADMIN, areas::myAreas).stream().filter(a -> a.code().equals("CREDIT")).map(AreaSummary::id).findFirst().orElseThrow();
        demo = personas.call(ADMIN, () -> sources.list(DemoWarehouse.SOURCE_NAME, PageRequest.of(0, 1))).getContent().getFirst().id();
    }

    ScheduleDraft draft(String name, String sql, String cron, BusinessCalendar calendar, ScheduleOptions options) {
        return new ScheduleDraft(credit, name, "", demo, sql, null, TargetMode.NONE, List.of(), cron, "Europe/Lisbon", calendar, 60, options);
    }

    List<RunView> runs(UUID scheduleId) {
        return personas.call(DS_CREDIT, () -> scheduleQueries.runs(scheduleId, PageRequest.of(0, 50))).getContent();
    }

    Trigger retryTrigger(UUID scheduleId, int attempt) throws Exception {
        for (TriggerKey key : quartz.getTriggerKeys(GroupMatcher.triggerGroupEquals("schedule-retries"))) {
            if (key.getName().startsWith(scheduleId.toString()) && key.getName().endsWith("-" + attempt)) {
                return quartz.getTrigger(key);
            }
        }
        return null;
    }

    @Test
    void aFailingScheduledRunIsRetriedWithADoublingDelayAndAlertsOnceItsRetriesAreSpent() throws Exception {
        ScheduleView schedule = personas.call(DS_CREDIT, () -> scheduleDefinitions.create(draft(SchedulingScenarios.unique("retried"),
                "select * from bank.no_such_table", NEVER_NOW, null, new ScheduleOptions(2, 10, null, null, null, null))));
        assertThat(schedule.options().retries()).isEqualTo(2);
        Instant due = Instant.now().truncatedTo(ChronoUnit.SECONDS).minusSeconds(5);

        SystemActor.run(() -> scheduleRunner.fired(schedule.id(), due, false));
        assertThat(runs(schedule.id())).extracting(RunView::attempt, RunView::state).containsExactly(org.assertj.core.groups.Tuple.tuple(1, "FAILED"));
        Trigger second = retryTrigger(schedule.id(), 2);
        assertThat(second).as("the retry is a trigger in the job store").isNotNull();
        assertThat(second.getStartTime().toInstant()).isCloseTo(Instant.now().plusSeconds(10), within(3, ChronoUnit.SECONDS));

        // Quartz fires the retry by itself, as attempt 2 of the same fire
        await().atMost(Duration.ofSeconds(30)).until(() -> runs(schedule.id()).size() == 2 && runs(schedule.id()).stream().noneMatch(r -> r.state().equals("RUNNING")));
        RunView retry = runs(schedule.id()).getFirst();
        assertThat(retry.attempt()).isEqualTo(2);
        assertThat(retry.trigger()).isEqualTo("RETRY");
        assertThat(retry.scheduledFor()).isEqualTo(due);
        await().atMost(Duration.ofSeconds(5)).until(() -> retryTrigger(schedule.id(), 3) != null);
        Trigger third = retryTrigger(schedule.id(), 3);
        assertThat(third.getStartTime().toInstant()).as("the delay doubles").isCloseTo(Instant.now().plusSeconds(20), within(3, ChronoUnit.SECONDS));
        assertThat(personas.call(DS_CREDIT, () -> scheduleQueries.alerts(schedule.id(), PageRequest.of(0, 5))).getContent()).isEmpty();

        // the last retry, as Quartz would run it, then once more as a second node would: one run, one alert
        SystemActor.run(() -> {
            scheduleRunner.retried(schedule.id(), due, 3, false);
            scheduleRunner.retried(schedule.id(), due, 3, false);
        });
        assertThat(runs(schedule.id())).hasSize(3).allMatch(r -> r.state().equals("FAILED"));
        assertThat(retryTrigger(schedule.id(), 4)).as("no retries are left").isNull();
        List<AlertView> alerts = personas.call(DS_CREDIT, () -> scheduleQueries.alerts(schedule.id(), PageRequest.of(0, 5))).getContent();
        assertThat(alerts).singleElement().satisfies(a -> {
            assertThat(a.kind()).isEqualTo("FAILED");
            assertThat(a.scheduledFor()).isEqualTo(due);
            assertThat(a.message()).contains("after 3 attempts").containsIgnoringCase("no_such_table");
        });
        audit.awaitEntry(AuditTrail.actionOn("schedule.failed", schedule.id().toString()));
        personas.run(DS_CREDIT, () -> scheduleDefinitions.delete(schedule.id()));
        assertThat(retryTrigger(schedule.id(), 3)).as("deleting the schedule drops its pending retries").isNull();
    }

    @Test
    void anAlertReachesTheOwnersInboxAndTheSchedulesWebhook() throws Exception {
        try (WebhookReceiver hook = WebhookReceiver.answering(204)) {
            personas.run(DS_CREDIT, () -> assertThatThrownBy(() -> scheduleDefinitions.create(draft(SchedulingScenarios.unique("bad_hook"), "select 1 as one",
                    NEVER_NOW, null, new ScheduleOptions(null, null, null, null, null, "http://169.254.169.254/latest"))))
                    .isInstanceOf(InvalidRequestException.class).hasMessageContaining("169.254.169.254"));
            ScheduleView schedule = personas.call(DS_CREDIT, () -> scheduleDefinitions.create(draft(SchedulingScenarios.unique("alerted"),
                    "select * from bank.no_such_table", NEVER_NOW, null, new ScheduleOptions(0, null, null, null, true, hook.url()))));
            long unread = personas.call(DS_CREDIT, notifications::unreadCount);
            SystemActor.run(() -> scheduleRunner.fired(schedule.id(), Instant.now().truncatedTo(ChronoUnit.SECONDS), false));
            await().atMost(Duration.ofSeconds(20)).until(() -> personas.call(DS_CREDIT, notifications::unreadCount) == unread + 1);
            assertThat(personas.call(DS_CREDIT, () -> notifications.list(PageRequest.of(0, 1))).getContent().getFirst()).satisfies(n -> {
                assertThat(n.topic()).isEqualTo("schedule.run-failed");
                assertThat(n.subject()).contains(schedule.name());
                assertThat(n.link()).isEqualTo("/schedules");
            });
            await().atMost(Duration.ofSeconds(20)).until(() -> !hook.received().isEmpty());
            String body = new String(hook.received().getFirst().body(), java.nio.charset.StandardCharsets.UTF_8);
            assertThat(body).contains(schedule.name(), "FAILED", "no_such_table");
            assertThat(personas.call(DS_FRAUD, () -> notifications.list(PageRequest.of(0, 50))).getContent())
                    .noneMatch(n -> n.subject().contains(schedule.name()));
            assertThat(personas.call(DS_CREDIT, () -> scheduleQueries.get(schedule.id())).options().webhookUrl()).isEqualTo(hook.url());
            assertThat(personas.call(io.esteira.support.Personas.MANAGER_CREDIT, () -> scheduleQueries.get(schedule.id())).options().webhookUrl())
                    .as("a reader who may not change it never sees the address").isEqualTo("(set)");
            personas.run(DS_CREDIT, () -> scheduleDefinitions.delete(schedule.id()));
        }
    }

    @Test
    void aRunOfADeadNodeThatHadFinishedIsNotRunAgain() {
        ScheduleView schedule = personas.call(DS_CREDIT, () -> scheduleDefinitions.create(draft(SchedulingScenarios.unique("finished"), "select 1 as one",
                NEVER_NOW, null, null)));
        Instant due = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        SystemActor.run(() -> scheduleRunner.fired(schedule.id(), due, false));
        SystemActor.run(() -> scheduleRunner.fired(schedule.id(), due, true)); // Quartz recovers a fire whose node died after the run
        assertThat(runs(schedule.id())).singleElement().extracting(RunView::state).isEqualTo("SUCCEEDED");
    }

    @Test
    void aFireWithoutASucceededRunByItsDeadlineRaisesOneAlert() {
        ScheduleView schedule = personas.call(DS_CREDIT, () -> scheduleDefinitions.create(draft(SchedulingScenarios.unique("deadline"), "select 1 as one",
                "0 * * * * ?", null, new ScheduleOptions(null, null, null, 1, null, null))));
        // the schedule has existed for five minutes, and only the fire of three minutes ago ran
        Instant now = Instant.now();
        jdbc.update("update schedule set updated_at = ? where id = ?", java.sql.Timestamp.from(now.minus(Duration.ofMinutes(5))), schedule.id());
        ScheduleTiming timing = new ScheduleTiming(schedule.cron(), schedule.zone());
        List<Instant> due = timing.nextFires(now.minus(Duration.ofMinutes(5)), 10).stream().filter(t -> !t.isAfter(now.minus(Duration.ofMinutes(1))))
                .toList();
        Instant ran = due.get(1);
        SystemActor.run(() -> scheduleRunner.fired(schedule.id(), ran, false));

        SystemActor.run(scheduleDeadlines::checkDeadlines);
        SystemActor.run(scheduleDeadlines::checkDeadlines);
        List<AlertView> alerts = personas.call(DS_CREDIT, () -> scheduleQueries.alerts(schedule.id(), PageRequest.of(0, 20))).getContent();
        assertThat(alerts).extracting(AlertView::kind).containsOnly("DEADLINE_MISSED");
        // (a minute may turn between the test's clock and the check's: the check may see one more fire due)
        assertThat(alerts).extracting(AlertView::scheduledFor).containsAll(due.stream().filter(t -> !t.equals(ran)).toList())
                .doesNotContain(ran).allMatch(t -> t.isAfter(now.minus(Duration.ofMinutes(5))));
        assertThat(alerts.size()).isBetween(due.size() - 1, due.size());
        audit.awaitEntry(AuditTrail.actionOn("schedule.deadline-missed", schedule.id().toString()));
        personas.run(DS_CREDIT, () -> scheduleDefinitions.delete(schedule.id()));
    }

    @Test
    void aBusinessDayScheduleRunsOnlyOnTheCalendarsDaysAndQuartzKnowsIt() throws Exception {
        ScheduleView schedule = personas.call(DS_CREDIT, () -> scheduleDefinitions.create(draft(SchedulingScenarios.unique("target2"), "select 1 as one",
                "0 0 6 * * ?", BusinessCalendar.TARGET2, new ScheduleOptions(null, null, MisfirePolicy.SKIP, null, null, null))));
        assertThat(schedule.calendar()).isEqualTo("TARGET2");
        assertThat(schedule.nextFires()).hasSize(5).allMatch(t -> BusinessCalendar.TARGET2.includes(t.atZone(java.time.ZoneId.of("Europe/Lisbon")).toLocalDate()));
        CronTrigger trigger = (CronTrigger) quartz.getTrigger(TriggerKey.triggerKey(schedule.id().toString(), "schedules"));
        assertThat(trigger.getCalendarName()).isEqualTo("business-TARGET2-Europe/Lisbon");
        assertThat(quartz.getCalendar(trigger.getCalendarName()).isTimeIncluded(Instant.parse("2026-12-25T06:00:00Z").toEpochMilli())).isFalse();
        assertThat(trigger.getMisfireInstruction()).isEqualTo(CronTrigger.MISFIRE_INSTRUCTION_DO_NOTHING);
        assertThat(trigger.getNextFireTime().toInstant()).isEqualTo(schedule.nextFires().getFirst());
        // a backfill over Easter 2026 skips Good Friday, the weekend and Easter Monday
        assertThat(personas.call(DS_CREDIT, () -> scheduleRunner.backfillPreview(schedule.id(), LocalDate.of(2026, 4, 2), LocalDate.of(2026, 4, 7))))
                .containsExactly(Instant.parse("2026-04-02T05:00:00Z"), Instant.parse("2026-04-07T05:00:00Z"));
        personas.run(DS_CREDIT, () -> scheduleDefinitions.delete(schedule.id()));
    }

    @Test
    void anEditChangesTheScheduleAndItsTriggerAndAStaleEditIsRefused() throws Exception {
        String name = SchedulingScenarios.unique("edited");
        ScheduleView schedule = personas.call(DS_CREDIT, () -> scheduleDefinitions.create(draft(name, "select 1 as one", "0 0 6 * * ?", null, null)));
        ScheduleView edited = personas.call(DS_CREDIT, () -> scheduleDefinitions.update(schedule.id(), draft(name, "select 2 as two", "0 30 7 * * ?", null,
                new ScheduleOptions(1, 30, MisfirePolicy.RUN_ALL, 90, false, null)), schedule.version()));
        assertThat(edited.sql()).isEqualTo("select 2 as two");
        assertThat(edited.options()).isEqualTo(new ScheduleOptions(1, 30, MisfirePolicy.RUN_ALL, 90, false, null));
        CronTrigger trigger = (CronTrigger) quartz.getTrigger(TriggerKey.triggerKey(schedule.id().toString(), "schedules"));
        assertThat(trigger.getCronExpression()).isEqualTo("0 30 7 * * ?");
        assertThat(trigger.getMisfireInstruction()).isEqualTo(Trigger.MISFIRE_INSTRUCTION_IGNORE_MISFIRE_POLICY);
        assertThat(audit.awaitEntry(AuditTrail.actionOn("schedule.updated", schedule.id().toString())).details())
                .contains("\"sql\"", "\"cron\"", "\"retries\"").doesNotContain("description");

        personas.run(DS_CREDIT, () -> {
            assertThatThrownBy(() -> scheduleDefinitions.update(schedule.id(), draft(name, "select 3 as three", "0 0 6 * * ?", null, null), schedule.version()))
                    .isInstanceOf(ObjectOptimisticLockingFailureException.class);
            assertThatThrownBy(() -> scheduleDefinitions.update(schedule.id(), draft(name + "_renamed", "select 3 as three", "0 0 6 * * ?", null, null),
                    edited.version())).isInstanceOf(InvalidRequestException.class).hasMessageContaining("keeps its name");
            assertThatThrownBy(() -> scheduleDefinitions.update(schedule.id(), draft(name, "delete from bank.customers", "0 0 6 * * ?", null, null),
                    edited.version())).isInstanceOf(InvalidRequestException.class).hasMessageContaining("Only SELECT");
            assertThatThrownBy(() -> scheduleDefinitions.update(schedule.id(), draft(name, "select 1 as one", "0 0 6 * * ?", null,
                    new ScheduleOptions(9, null, null, null, null, null)), edited.version()))
                    .isInstanceOf(InvalidRequestException.class).hasMessageContaining("options.retries");
        });
        assertThat(personas.call(DS_CREDIT, () -> scheduleQueries.get(schedule.id())).sql()).as("nothing half-changed").isEqualTo("select 2 as two");
        personas.run(DS_FRAUD, () -> assertThatThrownBy(() -> scheduleDefinitions.update(schedule.id(), new ScheduleDraft(credit, name, "", demo,
                "select 1 as one", null, TargetMode.NONE, List.of(), "0 0 6 * * ?", "UTC", 60), edited.version()))
                .isInstanceOf(NotFoundException.class));
        personas.run(DS_CREDIT, () -> scheduleDefinitions.delete(schedule.id()));
    }

    @Test
    void thePreviewShowsTheFirstHundredRowsWithTheParametersBound() {
        QueryRows rows = personas.call(DS_CREDIT, () -> schedulePreviews.preview(credit, demo,
                "select customer_id, segment from bank.customers where customer_since <= ${run_date} order by customer_id"));
        assertThat(rows.columns()).extracting(String::toLowerCase).containsExactly("customer_id", "segment");
        assertThat(rows.rows()).hasSize(SchedulePreviews.PREVIEW_ROWS);
        assertThat(rows.more()).isTrue();
        QueryRows few = personas.call(DS_CREDIT, () -> schedulePreviews.preview(credit, demo, "select 1 as one"));
        assertThat(few.rows()).containsExactly(List.of("1"));
        assertThat(few.more()).isFalse();
        personas.run(DS_CREDIT, () -> {
            assertThatThrownBy(() -> schedulePreviews.preview(credit, demo, "delete from bank.customers")).isInstanceOf(InvalidRequestException.class);
            assertThatThrownBy(() -> schedulePreviews.preview(credit, demo, "select * from bank.nothing_here"))
                    .isInstanceOf(InvalidRequestException.class).hasMessageContaining("Table bank.nothing_here does not exist");
        });
        personas.run(DS_FRAUD, () -> assertThatThrownBy(() -> schedulePreviews.preview(credit, demo, "select 1 as one"))
                .isInstanceOf(NotFoundException.class));
    }

    @Test
    void theApiEditsWithIfMatchPreviewsAndListsAlerts() {
        String token = personas.call(DS_CREDIT, () -> tokens.create(new TokenRequest("schedules", null, LocalDate.now().plusDays(3), false))).secret();
        String name = SchedulingScenarios.unique("api_edit");
        String body = "{\"areaId\": \"" + credit + "\", \"name\": \"" + name + "\", \"sourceId\": \"" + demo
                + "\", \"sql\": \"select 1 as one\", \"targetMode\": \"NONE\", \"cron\": \"0 0 5 * * ?\", "
                + "\"zone\": \"Europe/Lisbon\", \"timeoutSeconds\": 60, \"calendar\": \"PORTUGAL\", "
                + "\"options\": {\"retries\": 2, \"retryDelaySeconds\": 120, \"misfire\": \"SKIP\", \"deadlineMinutes\": 60}}";
        Response created = api.post("/api/v1/schedules", token, body);
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        String id = created.json().get("id").asString();
        assertThat(created.json().get("options").get("retries").asInt()).isEqualTo(2);
        assertThat(created.json().get("options").get("notifyOnFailure").asBoolean()).isTrue();
        long version = created.json().get("version").asLong();

        String changed = body.replace("\"retries\": 2", "\"retries\": 0");
        assertThat(api.put("/api/v1/schedules/" + id, token, null, changed).status()).isEqualTo(400);
        Response updated = api.put("/api/v1/schedules/" + id, token, "\"" + version + "\"", changed);
        assertThat(updated.status()).as(updated.toString()).isEqualTo(200);
        assertThat(updated.json().get("options").get("retries").asInt()).isZero();
        Response stale = api.put("/api/v1/schedules/" + id, token, "\"" + version + "\"", changed.replace("select 1", "select 5"));
        assertThat(stale.status()).isEqualTo(409);
        assertThat(stale.contentType()).startsWith("application/problem+json");
        Response badOption = api.put("/api/v1/schedules/" + id, token, "\"" + updated.json().get("version").asLong() + "\"",
                changed.replace("\"retries\": 0", "\"retries\": 9"));
        assertThat(badOption.status()).isEqualTo(400);
        assertThat(badOption.body()).contains("At most 5 retries");

        Response preview = api.post("/api/v1/schedules/preview", token, "{\"areaId\": \"" + credit + "\", \"sourceId\": \"" + demo
                + "\", \"sql\": \"select segment from bank.customers\"}");
        assertThat(preview.status()).as(preview.toString()).isEqualTo(200);
        assertThat(preview.json().get("rows").size()).isEqualTo(100);
        assertThat(api.get("/api/v1/schedules/" + id + "/alerts", token).json().get("content").size()).isZero();
    }
}
