package io.esteira.costs;

import static io.esteira.support.Personas.ADMIN;
import static io.esteira.support.Personas.DS_CREDIT;
import static io.esteira.support.Personas.DS_FRAUD;
import static io.esteira.support.Personas.MANAGER_CREDIT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.esteira.areas.AreaService;
import io.esteira.areas.AreaSummary;
import io.esteira.identity.ApiTokenService;
import io.esteira.identity.TokenRequest;
import io.esteira.shared.ForbiddenException;
import io.esteira.shared.InvalidRequestException;
import io.esteira.shared.NotFoundException;
import io.esteira.support.Api;
import io.esteira.support.AuditTrail;
import io.esteira.support.Personas;
import io.esteira.workspaces.TemplateSummary;
import io.esteira.workspaces.WorkspaceRequest;
import io.esteira.workspaces.WorkspaceService;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.data.domain.PageRequest;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.JsonNode;

/**
 * Budgets, the forecast, budget alerts and cost at the point of request on a database: usage written
 * with past timestamps in months no other scenario uses, rated by the ledger, checked by the service
 * the hourly job calls (as of a time in that month), read and changed through the services and the API
 * by the area's manager, its data scientist, people of another area and an administrator.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class BudgetScenarios {

    @Autowired
    Budgets budgets;
    @Autowired
    io.esteira.models.ModelRegistry registry;
    @Autowired
    BudgetAlerts alerts;
    @Autowired
    CostForecasts forecasts;
    @Autowired
    CostQuotes quotes;
    @Autowired
    CostLedger ledger;
    @Autowired
    UsageLedger usage;
    @Autowired
    AreaService areas;
    @Autowired
    WorkspaceService workspaces;
    @Autowired
    io.esteira.deployments.DeploymentService deploymentService;
    @Autowired
    Personas personas;
    @Autowired
    ApiTokenService tokens;
    @Autowired
    Api api;
    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    PlatformTransactionManager transactions;
    @Autowired
    AuditTrail audit;

    UUID credit;
    UUID fraud;
    UUID dsCredit;
    UUID managerCredit;

    @BeforeAll
    void areasAndPeople() {
        Map<String, UUID> byCode = personas.call(ADMIN, areas::myAreas).stream().collect(Collectors.toMap(AreaSummary::code, AreaSummary::id));
        credit = byCode.get("CREDIT");
        fraud = byCode.get("FRAUD");
        dsCredit = personas.user(DS_CREDIT).userId();
        managerCredit = personas.user(MANAGER_CREDIT).userId();
    }

    /** Every scenario leaves Credit's budgets as they were: the area's default, WARN. */
    @AfterEach
    void restore() {
        personas.call(ADMIN, () -> budgets.put(credit, new BudgetChange(null, null, BudgetPolicy.WARN, null)));
    }

    static Instant at(YearMonth m, int day, int hour) {
        return m.atDay(day).atTime(hour, 0).toInstant(ZoneOffset.UTC);
    }

    static Budget budget(String amount, String currency) {
        return new Budget(null, null, new BigDecimal(amount), currency, null, null, false);
    }

    /** A closed workspace interval of 2 vCPUs and 8 GiB: 0.12 EUR an hour at the default prices. */
    void workspace(Instant from, long hours) {
        UUID id = UUID.randomUUID();
        new TransactionTemplate(transactions).executeWithoutResult(s -> {
            usage.open(new UsageStart(credit, "workspace", id, "budget-notebook", dsCredit, "ds.credit", "XS",
                    new ResourceShape(2, 8, null, 0, 0), from, Held.compute(new ResourceShape(2, 8, null, 0, 0))));
            usage.close("workspace", id, from.plus(Duration.ofHours(hours)), "stopped");
        });
        personas.call(ADMIN, () -> ledger.rate(from, from.plus(Duration.ofHours(hours))));
    }

    /** A closed batch run holding one query slot: 0.12 EUR an hour. */
    void batchRun(Instant from, long hours) {
        UUID id = UUID.randomUUID();
        new TransactionTemplate(transactions).executeWithoutResult(s -> {
            usage.open(new UsageStart(credit, "batch-run", id, "nightly scoring", dsCredit, "ds.credit", "slot",
                    new ResourceShape(0, 0, null, 0, 0), from, Held.querySlot()));
            usage.close("batch-run", id, from.plus(Duration.ofHours(hours)), "succeeded");
        });
        personas.call(ADMIN, () -> ledger.rate(from, from.plus(Duration.ofHours(hours))));
    }

    List<String> check(Instant now) {
        return personas.call(ADMIN, () -> alerts.check(now)).stream().filter(a -> a.areaId().equals(credit))
                .map(a -> a.kind() + " " + a.threshold()).toList();
    }

    String token(String who) {
        return personas.call(who, () -> tokens.create(new TokenRequest("budgets-" + who.replace('.', '-') + "-" + UUID.randomUUID()
                .toString().substring(0, 8), null, LocalDate.now().plusDays(1), false))).secret();
    }

    @Test
    void thresholds_of_the_actual_cost_alert_once_each_per_month_the_forecast_once_and_a_new_month_alerts_again() {
        YearMonth m = YearMonth.now(ZoneOffset.UTC).minusMonths(9);
        BudgetPlan plan = personas.call(MANAGER_CREDIT, () -> budgets.put(credit, new BudgetChange(budget("20.00", "EUR"), null, null, null)));
        assertThat(plan.area().amount()).isEqualByComparingTo("20.00");
        assertThat(plan.area().actualThresholds()).containsExactly(50, 80, 100);
        assertThat(plan.area().forecastThresholds()).containsExactly(100);
        assertThat(plan.area().areaDefault()).isFalse();
        long toldBefore = jdbc.queryForObject("select count(*) from notification where recipient_id = ? and topic = 'costs.budget-alert'",
                Long.class, managerCredit);

        workspace(at(m, 2, 0), 90); // 10.80 of 20.00: 54 %
        assertThat(check(at(m, 9, 0))).containsExactly("ACTUAL 50");
        assertThat(check(at(m, 9, 1))).as("a threshold alerts once a month").isEmpty();

        workspace(at(m, 9, 0), 50); // 16.80: 84 %
        assertThat(check(at(m, 12, 0))).containsExactly("ACTUAL 80");

        for (int day = 12; day <= 18; day++) {
            batchRun(at(m, day, 0), 2); // 0.24 a day of jobs: 18.48, 92.4 %
        }
        CostForecast f = personas.call(ADMIN, () -> forecasts.forecastAt(credit, m, at(m, 19, 0)));
        assertThat(f.actual()).isEqualByComparingTo("18.48");
        assertThat(f.dailyAverage()).isEqualByComparingTo("0.24");
        assertThat(f.dailyLow()).isEqualByComparingTo("0.24");
        assertThat(f.dailyHigh()).isEqualByComparingTo("0.24");
        assertThat(f.jobDays()).hasSize(7).allSatisfy(d -> assertThat(d.amount()).isEqualByComparingTo("0.24"));
        assertThat(f.daysLeft()).isEqualByComparingTo(BigDecimal.valueOf(m.lengthOfMonth() - 18));
        assertThat(f.runningHourly()).isEqualByComparingTo("0");
        assertThat(f.forecast()).isEqualByComparingTo(new BigDecimal("18.48").add(new BigDecimal("0.24")
                .multiply(BigDecimal.valueOf(m.lengthOfMonth() - 18))));
        assertThat(check(at(m, 19, 0))).containsExactly("FORECAST 100");
        assertThat(check(at(m, 19, 5))).isEmpty();

        workspace(at(m, 19, 0), 20); // 20.88: over the budget
        assertThat(check(at(m, 20, 12))).containsExactly("ACTUAL 100");
        assertThat(check(at(m, 21, 0))).isEmpty();

        // a new month alerts again
        YearMonth next = m.plusMonths(1);
        workspace(at(next, 2, 0), 90);
        assertThat(check(at(next, 9, 0))).containsExactly("ACTUAL 50");

        List<BudgetAlert> listed = personas.call(MANAGER_CREDIT, () -> alerts.list(credit));
        assertThat(listed.stream().filter(a -> a.month().equals(m.toString())).map(a -> a.kind() + " " + a.threshold()))
                .containsExactlyInAnyOrder("ACTUAL 50", "ACTUAL 80", "ACTUAL 100", "FORECAST 100");
        assertThat(listed.stream().filter(a -> a.month().equals(next.toString()))).hasSize(1);
        assertThat(jdbc.queryForObject("select count(*) from notification where recipient_id = ? and topic = 'costs.budget-alert'",
                Long.class, managerCredit)).as("the manager is told of each alert").isEqualTo(toldBefore + 5);
        assertThat(audit.awaitEntry(AuditTrail.action("budget.alert-raised")).areaId()).isNotNull();

        // the API: the manager reads the alerts and the past month's forecast (what it cost); another area's people do not
        String manager = token(MANAGER_CREDIT);
        assertThat(api.get("/api/v1/costs/alerts?area=" + credit, manager).json().size()).isGreaterThanOrEqualTo(5);
        JsonNode past = api.get("/api/v1/costs/forecast?area=" + credit + "&month=" + m, manager).json();
        assertThat(past.get("actual").decimalValue()).isEqualByComparingTo("20.88");
        assertThat(past.get("forecast").decimalValue()).isEqualByComparingTo("20.88");
        assertThat(past.get("hoursLeft").decimalValue()).isEqualByComparingTo("0");
        assertThat(past.get("lastMonths").size()).isEqualTo(3);
        JsonNode following = api.get("/api/v1/costs/forecast?area=" + credit + "&month=" + next.plusMonths(1), manager).json();
        assertThat(following.get("lastMonths").get(1).get("amount").decimalValue()).as("the month before last").isEqualByComparingTo("20.88");
        assertThat(following.get("lastMonths").get(2).get("amount").decimalValue()).isEqualByComparingTo("10.80");
        String outsider = token(DS_FRAUD);
        assertThat(api.get("/api/v1/costs/alerts?area=" + credit, outsider).status()).isEqualTo(404);
        assertThat(api.get("/api/v1/costs/forecast?area=" + credit, outsider).status()).isEqualTo(404);
        assertThat(api.get("/api/v1/costs/forecast?area=" + credit, token(DS_CREDIT)).status()).isEqualTo(403);
        assertThat(api.get("/api/v1/costs/forecast?area=" + credit + "&month=2999-01", manager).status()).isEqualTo(400);
        assertThat(api.get("/api/v1/costs/forecast?area=" + credit, manager).status()).as("the current month, from day 1").isEqualTo(200);
    }

    @Test
    void a_manager_edits_only_their_own_areas_budgets_a_data_scientist_reads_them_and_another_currency_is_refused() {
        // another area's manager and people neither read nor edit
        assertThatThrownBy(() -> personas.call(MANAGER_CREDIT, () -> budgets.get(fraud))).isInstanceOf(NotFoundException.class);
        assertThatThrownBy(() -> personas.call(MANAGER_CREDIT, () -> budgets.put(fraud, new BudgetChange(budget("1.00", "EUR"), null, null,
                null)))).isInstanceOf(NotFoundException.class);
        assertThatThrownBy(() -> personas.call(DS_FRAUD, () -> budgets.get(credit))).isInstanceOf(NotFoundException.class);
        // the area's data scientist reads, but does not edit
        BudgetPlan before = personas.call(DS_CREDIT, () -> budgets.get(credit));
        assertThat(before.area().areaDefault()).isTrue();
        assertThat(before.policy()).isEqualTo(BudgetPolicy.WARN);
        assertThatThrownBy(() -> personas.call(DS_CREDIT, () -> budgets.put(credit, new BudgetChange(budget("1.00", "EUR"), null, null,
                null)))).isInstanceOf(ForbiddenException.class);
        // the policy is the administrators'
        assertThatThrownBy(() -> personas.call(MANAGER_CREDIT, () -> budgets.put(credit, new BudgetChange(null, null, BudgetPolicy.REFUSE,
                null)))).isInstanceOf(ForbiddenException.class);
        // another currency: the field, nothing stored
        assertThatThrownBy(() -> personas.call(MANAGER_CREDIT, () -> budgets.put(credit, new BudgetChange(budget("100.00", "USD"), null,
                null, null)))).isInstanceOfSatisfying(InvalidRequestException.class,
                        e -> assertThat(e.fieldErrors()).containsKey("area.currency"));
        assertThatThrownBy(() -> personas.call(MANAGER_CREDIT, () -> budgets.put(credit, new BudgetChange(new Budget(null, null,
                new BigDecimal("10"), "EUR", List.of(0, 50), null, false), null, null, null)))).isInstanceOf(InvalidRequestException.class);
        assertThatThrownBy(() -> personas.call(MANAGER_CREDIT, () -> budgets.put(credit, new BudgetChange(budget("10", "EUR"),
                List.of(new Budget(UUID.randomUUID(), null, new BigDecimal("5"), "EUR", null, null, false)), null, null))))
                .isInstanceOfSatisfying(InvalidRequestException.class, e -> assertThat(e.fieldErrors()).containsKey("models[0].modelId"));
        assertThat(personas.call(ADMIN, () -> budgets.get(credit))).isEqualTo(before);

        BudgetPlan changed = personas.call(MANAGER_CREDIT, () -> budgets.put(credit, new BudgetChange(new Budget(null, null,
                new BigDecimal("1234.50"), "eur", List.of(90, 75), List.of(100, 120), false), null, null, null)));
        assertThat(changed.area().actualThresholds()).containsExactly(75, 90);
        assertThat(changed.area().forecastThresholds()).containsExactly(100, 120);
        assertThat(audit.awaitEntry(AuditTrail.action("budget.changed")).details()).contains("1234.50");
        BudgetPlan refusing = personas.call(ADMIN, () -> budgets.put(credit, new BudgetChange(changed.area(), null, BudgetPolicy.REFUSE, null)));
        assertThat(refusing.policy()).isEqualTo(BudgetPolicy.REFUSE);
        assertThat(personas.call(MANAGER_CREDIT, () -> budgets.policy(credit))).isEqualTo(BudgetPolicy.REFUSE);
        assertThat(audit.awaitEntry(AuditTrail.action("budget.policy-changed")).details()).contains("REFUSE");

        // the API, with the same checks
        String manager = token(MANAGER_CREDIT);
        assertThat(api.get("/api/v1/costs/budgets?area=" + fraud, manager).status()).isEqualTo(404);
        Api.Response elsewhere = api.put("/api/v1/costs/budgets?area=" + fraud, manager, null, "{\"area\":{\"amount\":1,\"currency\":\"EUR\"}}");
        assertThat(elsewhere.status()).as(elsewhere.body()).isEqualTo(404);
        assertThat(api.put("/api/v1/costs/budgets?area=" + credit, token(DS_CREDIT), null, "{\"area\":{\"amount\":1,\"currency\":\"EUR\"}}")
                .status()).isEqualTo(403);
        Api.Response usd = api.put("/api/v1/costs/budgets?area=" + credit, manager, null, "{\"area\":{\"amount\":1,\"currency\":\"USD\"}}");
        assertThat(usd.status()).isEqualTo(400);
        assertThat(usd.contentType()).contains("application/problem+json");
        assertThat(usd.body()).contains("EUR");
        JsonNode read = api.get("/api/v1/costs/budgets?area=" + credit, token(DS_CREDIT)).json();
        assertThat(read.get("area").get("amount").decimalValue()).isEqualByComparingTo("1234.50");
        assertThat(read.get("policy").asText()).isEqualTo("REFUSE");
        Api.Response put = api.put("/api/v1/costs/budgets?area=" + credit, manager, null,
                "{\"area\":{\"amount\":\"999.99\",\"currency\":\"EUR\"}}");
        assertThat(put.status()).isEqualTo(200);
        assertThat(put.json().get("area").get("amount").decimalValue()).isEqualByComparingTo("999.99");
        assertThat(put.json().get("policy").asText()).as("none keeps the policy").isEqualTo("REFUSE");
    }

    @Test
    void the_budgets_page_lists_only_the_areas_one_answers_for_and_what_each_budget_spent() {
        assertThat(personas.call(MANAGER_CREDIT, budgets::managed)).extracting(BudgetPlan::areaId).containsExactly(credit);
        assertThat(personas.call(ADMIN, budgets::managed)).extracting(BudgetPlan::areaId).contains(credit, fraud);
        assertThat(personas.call(DS_CREDIT, budgets::managed)).as("a member who manages nothing").isEmpty();
        assertThat(personas.call(DS_FRAUD, budgets::managed)).isEmpty();
        assertThatThrownBy(() -> personas.call(MANAGER_CREDIT, () -> budgets.models(fraud))).isInstanceOf(NotFoundException.class);
        assertThatThrownBy(() -> personas.call(DS_CREDIT, () -> budgets.models(credit))).isInstanceOf(ForbiddenException.class);

        // this month's spend of the area's budget, from the ledger (a month of the budgets' scenarios; the difference, so in any order)
        YearMonth m = YearMonth.now(ZoneOffset.UTC).minusMonths(10);
        BigDecimal before = personas.call(MANAGER_CREDIT, () -> forecasts.spent(credit, m)).get("*");
        workspace(at(m, 20, 0), 10); // 10 hours at 0.12 EUR
        Map<String, BigDecimal> after = personas.call(MANAGER_CREDIT, () -> forecasts.spent(credit, m));
        assertThat(after).containsOnlyKeys("*");
        assertThat(after.get("*").subtract(before)).isEqualByComparingTo("1.20");
        assertThatThrownBy(() -> personas.call(DS_CREDIT, () -> forecasts.spent(credit, m))).isInstanceOf(ForbiddenException.class);
        assertThatThrownBy(() -> personas.call(MANAGER_CREDIT, () -> forecasts.spent(fraud, m))).isInstanceOf(NotFoundException.class);

        // the API, with the same checks
        String manager = token(MANAGER_CREDIT);
        JsonNode managed = api.get("/api/v1/costs/budgets/managed", manager).json();
        assertThat(managed.size()).isEqualTo(1);
        assertThat(managed.get(0).get("areaId").asString()).isEqualTo(credit.toString());
        assertThat(api.get("/api/v1/costs/budgets/managed", token(DS_FRAUD)).json().size()).isZero();
        assertThat(api.get("/api/v1/costs/budgets/spent?area=" + credit + "&month=" + m, manager).json().get("*").decimalValue())
                .isEqualByComparingTo(after.get("*"));
        assertThat(api.get("/api/v1/costs/budgets/spent?area=" + fraud, manager).status()).isEqualTo(404);
    }

    @Test
    void a_quote_equals_what_the_ledger_bills_for_the_same_usage() {
        ResourceShape shape = new ResourceShape(2, 8, null, 0, 20);
        CostQuote quote = personas.call(DS_CREDIT, () -> quotes.quote(new CostQuoteRequest(credit, CostQuoteRequest.Kind.WORKSPACE, CostQuoteRequest.Size.of(shape),
                null, null, null, null)));
        // rate one hour of the same workspace: its compute and its disk
        Instant t = at(YearMonth.now(ZoneOffset.UTC).minusMonths(10), 3, 10);
        UUID ws = UUID.randomUUID();
        UUID disk = UUID.randomUUID();
        new TransactionTemplate(transactions).executeWithoutResult(s -> {
            usage.open(new UsageStart(credit, "workspace", ws, "quoted", dsCredit, "ds.credit", "XS", shape, t, Held.compute(shape)));
            usage.close("workspace", ws, t.plus(Duration.ofHours(1)), "stopped");
            usage.open(new UsageStart(credit, "workspace-disk", disk, "quoted", dsCredit, "ds.credit", "disk", shape, t, Held.disk(20)));
            usage.close("workspace-disk", disk, t.plus(Duration.ofHours(1)), "deleted");
        });
        personas.call(ADMIN, () -> ledger.rate(t, t.plus(Duration.ofHours(1))));
        BigDecimal billed = personas.call(ADMIN, () -> ledger.lines(credit, t, t.plus(Duration.ofHours(1)), PageRequest.of(0, 100)))
                .getContent().stream().filter(l -> l.resourceId().equals(ws) || l.resourceId().equals(disk)).map(CostLineView::amount)
                .reduce(BigDecimal.ZERO, BigDecimal::add);
        assertThat(quote.hourly()).isEqualByComparingTo(billed);
        assertThat(quote.monthly()).isEqualByComparingTo(billed.multiply(Sku.HOURS_PER_MONTH));
        assertThat(quote.remaining()).isEqualByComparingTo(quote.budget().subtract(quote.forecast()).subtract(quote.thisMonth()));

        // the API answers the same; a schedule costs its runs; a deployment its replicas
        String member = token(DS_CREDIT);
        Api.Response quoted = api.post("/api/v1/costs/quotes", member, "{\"areaId\":\"" + credit + "\",\"kind\":\"WORKSPACE\",\"shape\":{\"vcpu\":2,"
                + "\"memoryGib\":8,\"diskGib\":20}}");
        assertThat(quoted.status()).as(quoted.body()).isEqualTo(200);
        JsonNode api1 = quoted.json();
        assertThat(api1.get("hourly").decimalValue()).isEqualByComparingTo(billed);
        JsonNode schedule = api.post("/api/v1/costs/quotes", member, "{\"areaId\":\"" + credit + "\",\"kind\":\"SCHEDULE\",\"cron\":"
                + "\"0 0 2 * * ?\",\"zone\":\"UTC\",\"hoursPerRun\":0.5}").json();
        int runs = schedule.get("runsPerMonth").asInt();
        assertThat(runs).isBetween(30, 31);
        assertThat(schedule.get("monthly").decimalValue()).isEqualByComparingTo(new BigDecimal("0.06").multiply(BigDecimal.valueOf(runs)));
        JsonNode deployment = api.post("/api/v1/costs/quotes", member, "{\"areaId\":\"" + credit + "\",\"kind\":\"DEPLOYMENT\",\"replicas\":2}")
                .json();
        assertThat(deployment.get("hourly").decimalValue()).isEqualByComparingTo("0.16");
        // the deployment form's price: the replicas as the ledger meters them
        CostQuote replicas = personas.call(DS_CREDIT, () -> deploymentService.price(credit, "embedded",
                new io.esteira.deployments.DeploymentDraft.Resources(2, null, null)));
        assertThat(replicas.hourly()).isEqualByComparingTo("0.16");
        assertThat(replicas.monthly()).isEqualByComparingTo("116.80");
        assertThatThrownBy(() -> personas.call(DS_FRAUD, () -> deploymentService.price(credit, "embedded",
                new io.esteira.deployments.DeploymentDraft.Resources(2, null, null)))).isInstanceOf(NotFoundException.class);
        assertThat(api.post("/api/v1/costs/quotes", member, "{\"areaId\":\"" + credit + "\",\"kind\":\"SCHEDULE\",\"cron\":\"every day\","
                + "\"hoursPerRun\":1}").status()).isEqualTo(400);
        assertThat(api.post("/api/v1/costs/quotes", token(DS_FRAUD), "{\"areaId\":\"" + credit + "\",\"kind\":\"DEPLOYMENT\",\"replicas\":2}")
                .status()).isEqualTo(404);
    }

    @Test
    void the_refuse_policy_stops_a_workspace_request_and_changes_nothing_while_warn_lets_it_through_with_the_warning_audited() {
        personas.call(ADMIN, () -> budgets.put(credit, new BudgetChange(budget("0.01", "EUR"), null, BudgetPolicy.REFUSE, null)));
        UUID template = personas.call(DS_CREDIT, () -> workspaces.catalogue(credit)).stream().filter(t -> t.provisioner().equals("local"))
                .findFirst().map(TemplateSummary::id).orElseThrow();
        long before = jdbc.queryForObject("select count(*) from workspace", Long.class);
        String name = "over-budget-" + UUID.randomUUID().toString().substring(0, 6);
        assertThatThrownBy(() -> personas.call(DS_CREDIT, () -> workspaces.create(new WorkspaceRequest(credit, template, "XS", name, null,
                null, null)))).isInstanceOfSatisfying(InvalidRequestException.class, e -> {
                    assertThat(e.getMessage()).startsWith("This workspace would take the Credit Risk area over its ")
                            .contains(" budget by €").endsWith("; ask a manager to raise the budget");
                    assertThat(e.fieldErrors()).containsKey("budget");
                });
        assertThat(jdbc.queryForObject("select count(*) from workspace", Long.class)).isEqualTo(before);
        assertThat(personas.call(DS_CREDIT, () -> workspaces.nameTaken(credit, name))).isFalse();
        var refused = audit.awaitEntry(AuditTrail.actionOn("budget.request-refused", name));
        assertThat(refused.outcome()).isEqualTo("DENIED");
        assertThat(refused.actor()).contains("ds.credit");

        // the wizard's pricing says so before
        var pricing = personas.call(DS_CREDIT, () -> workspaces.price(credit, "XS"));
        assertThat(pricing.overBudgetPolicy()).isEqualTo("REFUSE");
        assertThat(pricing.remaining().amount().signum()).isNegative();

        // WARN lets it through, the warning audited
        personas.call(ADMIN, () -> budgets.put(credit, new BudgetChange(budget("0.01", "EUR"), null, BudgetPolicy.WARN, null)));
        var warning = personas.call(DS_CREDIT, () -> quotes.enforce(credit, Held.compute(new ResourceShape(2, 8, null, 0, 0)),
                "This workspace", "warned-one"));
        assertThat(warning).hasValueSatisfying(w -> assertThat(w).contains("over its").contains("budget by €"));
        assertThat(audit.awaitEntry(AuditTrail.actionOn("budget.request-warned", "warned-one")).outcome()).isEqualTo("SUCCESS");
    }

    @Test
    void a_models_budget_names_a_model_of_the_area_and_the_refuse_policy_stops_a_deployment_request() {
        io.esteira.models.ModelView model = org.awaitility.Awaitility.await("the demo model's champion").atMost(Duration.ofMinutes(5))
                .pollInterval(Duration.ofSeconds(1)).until(() -> personas.call(DS_FRAUD, () -> {
                    try {
                        return registry.getByName("card_fraud", fraud);
                    } catch (NotFoundException e) {
                        return null;
                    }
                }), m -> m != null && m.champion().isPresent());
        io.esteira.models.VersionView demo = personas.call(DS_FRAUD, () -> registry.production(model.id())).orElseThrow();
        try {
            BudgetPlan plan = personas.call(ADMIN, () -> budgets.put(fraud, new BudgetChange(budget("0.01", "EUR"),
                    List.of(new Budget(model.id(), null, new BigDecimal("0.01"), "EUR", List.of(100), null, null)), BudgetPolicy.REFUSE,
                    null)));
            assertThat(plan.models()).singleElement().satisfies(b -> assertThat(b.modelName()).isEqualTo("card_fraud"));
            // a model of another area is not a model of this one
            assertThatThrownBy(() -> personas.call(ADMIN, () -> budgets.put(credit, new BudgetChange(null,
                    List.of(new Budget(model.id(), null, BigDecimal.ONE, "EUR", null, null, null)), null, null))))
                    .isInstanceOf(InvalidRequestException.class);

            String name = "over-budget-" + UUID.randomUUID().toString().substring(0, 6);
            assertThatThrownBy(() -> personas.call(DS_FRAUD, () -> deploymentService.request(new io.esteira.deployments.DeploymentDraft(demo.id(),
                    name, io.esteira.changes.Environment.STAGING, "Scores for the budget test", null))))
                    .isInstanceOfSatisfying(InvalidRequestException.class, e -> assertThat(e.getMessage())
                            .startsWith("The deployment " + name + " would take the Fraud area over its ").contains(" budget by €"));
            assertThat(jdbc.queryForObject("select count(*) from deployment where name = ?", Long.class, name)).isZero();
            assertThat(audit.awaitEntry(AuditTrail.actionOn("budget.request-refused", name)).outcome()).isEqualTo("DENIED");
        } finally {
            personas.call(ADMIN, () -> budgets.put(fraud, new BudgetChange(null, null, BudgetPolicy.WARN, null)));
        }
    }
}
