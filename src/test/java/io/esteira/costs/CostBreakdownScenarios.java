package io.esteira.costs;

import static io.esteira.support.Personas.ADMIN;
import static io.esteira.support.Personas.DS_CREDIT;
import static io.esteira.support.Personas.DS_FRAUD;
import static io.esteira.support.Personas.MANAGER_CREDIT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.esteira.areas.AreaService;
import io.esteira.areas.AreaSummary;
import io.esteira.deployments.DeploymentService;
import io.esteira.deployments.DeploymentView;
import io.esteira.deployments.PredictionRecords;
import io.esteira.identity.ApiTokenService;
import io.esteira.identity.TokenRequest;
import io.esteira.shared.ForbiddenException;
import io.esteira.shared.InvalidRequestException;
import io.esteira.shared.NotFoundException;
import io.esteira.support.Api;
import io.esteira.support.LiveDeployments;
import io.esteira.support.Personas;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
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
 * What the costs page reads beyond the month's totals, on a database: the drill-down of a kind, a person or a model
 * into its resources (a schedule's runs as one), which adds up to the row exactly; the month by model, from what the
 * metering says each line is the cost of; an area's share of the shared pools, estimated while the month is open and
 * as its statement has it once closed. Managers read their area, data scientists their own lines, nobody else anything
 * (service and API).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class CostBreakdownScenarios {

    @Autowired
    UsageLedger usage;
    @Autowired
    CostLedger ledger;
    @Autowired
    SharedPools pools;
    @Autowired
    MonthlyClose close;
    @Autowired
    AreaService areas;
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
    LiveDeployments live;
    @Autowired
    DeploymentService deployments;
    @Autowired
    PredictionRecords predictionRecords;
    @Autowired
    Clock clock;

    UUID credit;
    UUID fraud;
    UUID dsCredit;
    UUID managerCredit;
    String currency;

    @BeforeAll
    void areasAndPeople() {
        Map<String, UUID> byCode = personas.call(ADMIN, areas::myAreas).stream().collect(Collectors.toMap(AreaSummary::code, AreaSummary::id));
        credit = byCode.get("CREDIT");
        fraud = byCode.get("FRAUD");
        dsCredit = personas.user(DS_CREDIT).userId();
        managerCredit = personas.user(MANAGER_CREDIT).userId();
        currency = personas.call(ADMIN, () -> areas.get(credit)).monthlyBudget().currency().getCurrencyCode();
    }

    /** An interval that opened and closed: {@code at} for {@code minutes}. */
    void used(UsageStart start, long minutes) {
        new TransactionTemplate(transactions).executeWithoutResult(s -> {
            usage.open(start);
            usage.close(start.sourceType(), start.sourceId(), start.startedAt().plus(Duration.ofMinutes(minutes)), "done");
        });
    }

    UsageStart start(UUID area, String sourceType, String name, UUID owner, Instant at, Map<String, BigDecimal> held) {
        return new UsageStart(area, sourceType, UUID.randomUUID(), name, owner, owner == null ? null : "owner " + name, name,
                new ResourceShape(0, 0, null, 0, 0), at, held);
    }

    static Instant start(YearMonth m) {
        return m.atDay(1).atStartOfDay(ZoneOffset.UTC).toInstant();
    }

    static BigDecimal sum(List<CostTotal> totals) {
        return totals.stream().map(CostTotal::amount).reduce(BigDecimal.ZERO.setScale(Rating.SCALE), BigDecimal::add);
    }

    String token(String who) {
        return personas.call(who, () -> tokens.create(new TokenRequest("breakdown-" + who.replace('.', '-') + "-" + UUID.randomUUID()
                .toString().substring(0, 8), null, LocalDate.now().plusDays(1), false))).secret();
    }

    @Test
    void the_resources_of_a_kind_a_person_or_a_model_add_up_to_its_row_and_a_schedules_runs_are_one_resource() {
        // a month no other scenario of the shared test database uses or closes (an open month: its lines are rated)
        YearMonth month = YearMonth.now(ZoneOffset.UTC).minusMonths(13);
        Instant t = month.atDay(3).atTime(9, 0).toInstant(ZoneOffset.UTC);
        UUID pd = UUID.randomUUID();
        UUID churn = UUID.randomUUID();
        UUID nightly = UUID.randomUUID();
        UUID scoring = UUID.randomUUID();
        used(start(credit, "workspace", "ana-notebook", dsCredit, t, Held.compute(new ResourceShape(2, 8, null, 0, 0))), 185);
        for (int day = 0; day < 3; day++) {
            used(start(credit, "schedule-run", "nightly-features", managerCredit, t.plus(Duration.ofDays(day)), Held.querySlot())
                    .partOf(nightly), 11 + day);
        }
        for (int day = 0; day < 2; day++) {
            used(start(credit, "batch-run", "pd-nightly-scoring", dsCredit, t.plus(Duration.ofDays(day)).plus(Duration.ofHours(2)),
                    Held.querySlot()).partOf(scoring).ofModel(pd, "pd_model"), 47);
        }
        used(start(credit, "deployment", "pd-scoring v1", dsCredit, t, Held.of(Sku.REPLICA_HOUR, BigDecimal.valueOf(2))).ofModel(pd,
                "pd_model"), 300);
        used(start(credit, StorageKind.MODEL_ARTIFACT.sourceType(), "model churn_model v3 · artifact", null, t,
                Held.of(Sku.STORAGE_GIB_MONTH, new BigDecimal("730"))).ofModel(churn, "churn_model"), 240);
        used(start(fraud, "workspace", "fraud-lab", null, t, Held.compute(new ResourceShape(4, 16, null, 0, 0))), 60);
        personas.call(ADMIN, () -> ledger.rate(start(month), start(month.plusMonths(1))));

        Instant from = start(month);
        Instant to = start(month.plusMonths(1));
        BigDecimal total = sum(personas.call(MANAGER_CREDIT, () -> ledger.totals(credit, from, to, CostTotal.Granularity.MONTH, null)));
        assertThat(total).isPositive();
        for (CostTotal.By by : List.of(CostTotal.By.KIND, CostTotal.By.PERSON, CostTotal.By.MODEL)) {
            List<CostTotal> rows = personas.call(MANAGER_CREDIT, () -> ledger.totals(credit, from, to, CostTotal.Granularity.MONTH, by));
            assertThat(sum(rows)).as("the rows by " + by + " add up to the month").isEqualTo(total);
            BigDecimal drilled = BigDecimal.ZERO.setScale(Rating.SCALE);
            for (CostTotal row : rows) {
                List<CostTotal> parts = personas.call(MANAGER_CREDIT, () -> ledger.totals(credit, from, to, CostTotal.Granularity.MONTH,
                        CostTotal.By.RESOURCE_GROUP, new CostTotal.Within(by, row.key())));
                assertThat(parts).as("the resources of " + by + " " + row.label()).isNotEmpty();
                assertThat(sum(parts)).as("the resources of " + by + " " + row.label() + " add up to its row").isEqualTo(row.amount());
                drilled = drilled.add(sum(parts));
            }
            assertThat(drilled).isEqualTo(total);
        }

        // a schedule's runs are one resource, with the number of runs; each run is still a resource of the ledger
        Map<String, CostTotal> groups = personas.call(MANAGER_CREDIT, () -> ledger.totals(credit, from, to, CostTotal.Granularity.MONTH,
                CostTotal.By.RESOURCE_GROUP)).stream().collect(Collectors.toMap(CostTotal::key, g -> g));
        assertThat(groups.get("SCHEDULE_RUN/" + nightly)).satisfies(g -> {
            assertThat(g.resources()).isEqualTo(3);
            assertThat(g.label()).isEqualTo("nightly-features");
        });
        assertThat(groups.get("BATCH_RUN/" + scoring).resources()).isEqualTo(2);
        assertThat(groups).hasSize(5);
        assertThat(personas.call(MANAGER_CREDIT, () -> ledger.totals(credit, from, to, CostTotal.Granularity.MONTH, CostTotal.By.RESOURCE)))
                .filteredOn(r -> r.key().startsWith("SCHEDULE_RUN/")).hasSize(3);

        // by model: the model's runs, replicas and artifact; everything else is tied to no model
        Map<String, BigDecimal> byResource = new HashMap<>();
        groups.values().forEach(g -> byResource.put(g.key().substring(0, g.key().indexOf('/')), g.amount()));
        Map<String, CostTotal> models = new HashMap<>();
        personas.call(MANAGER_CREDIT, () -> ledger.totals(credit, from, to, CostTotal.Granularity.MONTH, CostTotal.By.MODEL))
                .forEach(m -> models.put(String.valueOf(m.key()), m));
        assertThat(models.keySet()).containsExactlyInAnyOrder(pd.toString(), churn.toString(), "null");
        assertThat(models.get(pd.toString()).label()).isEqualTo("pd_model");
        assertThat(models.get(pd.toString()).amount()).isEqualTo(byResource.get("BATCH_RUN").add(byResource.get("DEPLOYMENT")));
        assertThat(models.get(churn.toString()).amount()).isEqualTo(byResource.get("STORAGE"));
        assertThat(models.get("null").amount()).isEqualTo(byResource.get("WORKSPACE").add(byResource.get("SCHEDULE_RUN")));
        assertThat(personas.call(MANAGER_CREDIT, () -> ledger.lines(credit, from, to, PageRequest.of(0, 1000))).getContent())
                .filteredOn(l -> l.kind() == ResourceKind.BATCH_RUN).isNotEmpty()
                .allSatisfy(l -> {
                    assertThat(l.modelId()).isEqualTo(pd);
                    assertThat(l.parentId()).isEqualTo(scoring);
                });
        // the daily rollup carries the model and the schedule with the same sums as the hourly lines
        String perGroup = "select model_id, parent_id, sum(amount) from %s where area_id = ? and month_start = ? group by model_id, parent_id";
        assertThat(jdbc.query(perGroup.formatted("cost_day"), (rs, i) -> rs.getString(1) + "/" + rs.getString(2) + "="
                + rs.getBigDecimal(3).setScale(Rating.SCALE), credit, month.atDay(1))).containsExactlyInAnyOrderElementsOf(jdbc.query(
                        perGroup.formatted("cost_line"), (rs, i) -> rs.getString(1) + "/" + rs.getString(2) + "="
                                + rs.getBigDecimal(3).setScale(Rating.SCALE), credit, month.atDay(1)));

        // a data scientist: their own lines only, whichever way they drill
        List<CostTotal> own = personas.call(DS_CREDIT, () -> ledger.totals(credit, from, to, CostTotal.Granularity.MONTH, CostTotal.By.MODEL));
        assertThat(own).extracting(CostTotal::key).containsExactlyInAnyOrder(pd.toString(), null);
        assertThat(own).filteredOn(m -> m.key() == null).singleElement()
                .satisfies(m -> assertThat(m.amount()).isEqualTo(byResource.get("WORKSPACE")));
        assertThat(personas.call(DS_CREDIT, () -> ledger.totals(credit, from, to, CostTotal.Granularity.MONTH, CostTotal.By.RESOURCE_GROUP,
                new CostTotal.Within(CostTotal.By.PERSON, managerCredit.toString())))).as("another person's lines").isEmpty();
        assertThatThrownBy(() -> personas.call(DS_FRAUD, () -> ledger.totals(credit, from, to, CostTotal.Granularity.MONTH,
                CostTotal.By.RESOURCE_GROUP, new CostTotal.Within(CostTotal.By.MODEL, pd.toString())))).isInstanceOf(NotFoundException.class);
        assertThatThrownBy(() -> personas.call(MANAGER_CREDIT, () -> ledger.totals(credit, from, to, CostTotal.Granularity.MONTH,
                CostTotal.By.RESOURCE_GROUP, new CostTotal.Within(CostTotal.By.RESOURCE, "WORKSPACE"))))
                .isInstanceOfSatisfying(InvalidRequestException.class, e -> assertThat(e.fieldErrors()).containsKey("within"));

        // the same through the API, with problem+json for a bad drill-down and nothing for an outsider
        String range = "area=" + credit + "&from=" + from + "&to=" + to + "&granularity=MONTH";
        String manager = token(MANAGER_CREDIT);
        Api.Response ana = api.get("/api/v1/costs/totals?" + range + "&by=resource_group&within=person:" + dsCredit, manager);
        assertThat(ana.status()).as(ana.body()).isEqualTo(200);
        BigDecimal anaSum = BigDecimal.ZERO;
        for (JsonNode n : ana.json()) {
            anaSum = anaSum.add(n.get("amount").decimalValue());
        }
        BigDecimal anaRow = personas.call(MANAGER_CREDIT, () -> ledger.totals(credit, from, to, CostTotal.Granularity.MONTH,
                CostTotal.By.PERSON)).stream().filter(p -> dsCredit.toString().equals(p.key())).findFirst().orElseThrow().amount();
        assertThat(anaSum).isEqualByComparingTo(anaRow);
        JsonNode none = api.get("/api/v1/costs/totals?" + range + "&by=model&within=model:none", manager).json();
        assertThat(none.size()).isOne();
        assertThat(none.get(0).get("amount").decimalValue()).isEqualByComparingTo(models.get("null").amount());
        assertThat(none.get(0).get("resources").asLong()).as("the workspace and the three runs").isEqualTo(4);
        for (String bad : List.of("colour:red", "person:ana", "kind:NOTHING", "resource_group:nightly", "person")) {
            Api.Response refused = api.get("/api/v1/costs/totals?" + range + "&by=resource&within=" + bad, manager);
            assertThat(refused.status()).as(bad + ": " + refused.body()).isEqualTo(400);
            assertThat(refused.contentType()).contains("application/problem+json");
            assertThat(refused.json().get("errors").get("within").asString()).isNotBlank();
        }
        assertThat(api.get("/api/v1/costs/totals?" + range + "&by=resource_group&within=person:" + dsCredit, token(DS_FRAUD)).status())
                .isEqualTo(404);
        JsonNode ownApi = api.get("/api/v1/costs/totals?" + range + "&by=resource_group&within=model:" + pd, token(DS_CREDIT)).json();
        assertThat(ownApi.size()).as("a data scientist's own resources of the model").isEqualTo(2);
    }

    @Test
    void a_releases_replicas_and_predictions_are_its_models_cost() {
        DeploymentView endpoint = live.liveInStaging("bymodel");
        Instant first = clock.instant().truncatedTo(ChronoUnit.HOURS);
        personas.call(DS_FRAUD, () -> deployments.predict(endpoint.name(), LiveDeployments.rows(5)));
        Instant until = first.plus(Duration.ofHours(1));
        org.awaitility.Awaitility.await("the call in the prediction log").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100))
                .until(() -> predictionRecords.answeredRows(endpoint.id(), first.minus(Duration.ofHours(1)), until) >= 5);
        personas.call(ADMIN, () -> ledger.rate(first.minus(Duration.ofHours(1)), until));

        List<CostLineView> lines = personas.call(DS_FRAUD, () -> ledger.lines(fraud, first.minus(Duration.ofHours(1)), until,
                PageRequest.of(0, 1000))).getContent().stream().filter(l -> l.resourceId().equals(endpoint.id())).toList();
        assertThat(lines).extracting(CostLineView::kind).contains(ResourceKind.DEPLOYMENT, ResourceKind.PREDICTIONS);
        assertThat(lines).allSatisfy(l -> {
            assertThat(l.modelId()).isEqualTo(endpoint.modelId());
            assertThat(l.modelName()).isEqualTo(endpoint.model());
        });
        CostTotal model = personas.call(ADMIN, () -> ledger.totals(fraud, first.minus(Duration.ofHours(1)), until, CostTotal.Granularity.MONTH,
                CostTotal.By.MODEL)).stream().filter(m -> endpoint.modelId().toString().equals(m.key())).reduce((a, b) -> a).orElseThrow();
        assertThat(model.label()).isEqualTo(endpoint.model());
        List<CostTotal> parts = personas.call(ADMIN, () -> ledger.totals(fraud, first.minus(Duration.ofHours(1)), until,
                CostTotal.Granularity.MONTH, CostTotal.By.RESOURCE_GROUP, new CostTotal.Within(CostTotal.By.MODEL, model.key())));
        assertThat(parts).extracting(CostTotal::key).contains("DEPLOYMENT/" + endpoint.id(), "PREDICTIONS/" + endpoint.id());
        assertThat(sum(parts)).isEqualTo(model.amount());
        personas.call(DS_FRAUD, () -> deployments.retire(endpoint.id(), "By-model test is done with it"));
    }

    @Test
    void an_areas_share_of_the_pools_is_estimated_while_its_month_is_open_and_read_from_its_statement_once_closed() {
        // a month no other scenario uses, out of reach of the corrections of the months they close (11, 12, 14, 15, 18 to 20
        // months back look up to three months further back), and with none of theirs within its own reach
        YearMonth month = YearMonth.now(ZoneOffset.UTC).minusMonths(24);
        Instant t = month.atDay(5).atTime(10, 0).toInstant(ZoneOffset.UTC);
        used(start(credit, "workspace", "pool-notebook", dsCredit, t, Held.compute(new ResourceShape(4, 16, null, 0, 0))), 600);
        used(start(fraud, "workspace", "pool-lab", null, t, Held.compute(new ResourceShape(2, 8, null, 0, 0))), 300);
        personas.call(ADMIN, () -> ledger.rate(start(month), start(month.plusMonths(1))));
        Map<UUID, BigDecimal> fixed = Map.of(credit, new BigDecimal("25"), fraud, new BigDecimal("75"));
        personas.call(ADMIN, () -> pools.set(month, List.of(
                new PoolDraft("Portal and database", new BigDecimal("300.00"), currency, "PROPORTIONAL", null),
                new PoolDraft("Cluster capacity", new BigDecimal("80.00"), currency, "FIXED", fixed),
                new PoolDraft("Support", new BigDecimal("9.99"), currency, "EVEN", null),
                new PoolDraft("Licences in dollars", new BigDecimal("50.00"), "USD", "EVEN", null))));

        PoolShares open = personas.call(MANAGER_CREDIT, () -> pools.shares(credit, month));
        assertThat(open.closed()).isFalse();
        assertThat(open.statementNumber()).isNull();
        assertThat(open.pools()).extracting(PoolShares.Share::pool).containsExactly("Cluster capacity", "Licences in dollars",
                "Portal and database", "Support");
        Map<String, PoolShares.Share> estimated = open.pools().stream().collect(Collectors.toMap(PoolShares.Share::pool, s -> s));
        assertThat(estimated.get("Cluster capacity").share()).isEqualByComparingTo("20.00");
        assertThat(estimated.get("Cluster capacity").how()).isEqualTo("25%");
        assertThat(estimated.get("Licences in dollars").share()).as("a pool in another currency").isEqualByComparingTo("0");
        assertThat(estimated.get("Licences in dollars").how()).isEqualTo("in USD: carried by the areas billed in USD");
        assertThat(estimated.get("Portal and database").share()).isPositive().isLessThan(new BigDecimal("300.00"));
        assertThat(estimated.get("Support").how()).startsWith("shared evenly by ");
        assertThat(open.total()).isEqualByComparingTo(open.pools().stream().map(PoolShares.Share::share).reduce(BigDecimal.ZERO, BigDecimal::add));

        // who reads it: the area's managers and administrators
        assertThat(personas.call(ADMIN, () -> pools.shares(credit, month))).isEqualTo(open);
        assertThatThrownBy(() -> personas.call(DS_CREDIT, () -> pools.shares(credit, month))).isInstanceOf(ForbiddenException.class);
        assertThatThrownBy(() -> personas.call(DS_FRAUD, () -> pools.shares(credit, month))).isInstanceOf(NotFoundException.class);
        assertThatThrownBy(() -> personas.call(MANAGER_CREDIT, () -> pools.shares(fraud, month))).isInstanceOf(NotFoundException.class);
        String manager = token(MANAGER_CREDIT);
        Api.Response read = api.get("/api/v1/costs/pools/shares?area=" + credit + "&month=" + month, manager);
        assertThat(read.status()).as(read.body()).isEqualTo(200);
        assertThat(read.json().get("closed").asBoolean()).isFalse();
        assertThat(read.json().get("pools").size()).isEqualTo(4);
        assertThat(api.get("/api/v1/costs/pools/shares?area=" + credit + "&month=" + month, token(DS_CREDIT)).status()).isEqualTo(403);
        assertThat(api.get("/api/v1/costs/pools/shares?area=" + credit + "&month=" + month, token(DS_FRAUD)).status()).isEqualTo(404);
        assertThat(api.get("/api/v1/costs/pools/shares?area=" + fraud + "&month=" + month, manager).status()).isEqualTo(404);
        for (String bad : List.of("area=" + credit + "&month=May", "area=" + credit, "month=" + month,
                "area=" + credit + "&month=" + YearMonth.now(ZoneOffset.UTC).plusMonths(2))) {
            Api.Response refused = api.get("/api/v1/costs/pools/shares?" + bad, manager);
            assertThat(refused.status()).as(bad + ": " + refused.body()).isEqualTo(400);
            assertThat(refused.contentType()).contains("application/problem+json");
        }

        // closed: the statement's shares, which are what the estimate said, since nothing changed in between
        MonthlyClose.CloseResult closed = personas.call(ADMIN, () -> close.close(month));
        StatementView statement = closed.statements().stream().filter(s -> s.areaId().equals(credit)).findFirst().orElseThrow();
        PoolShares charged = personas.call(MANAGER_CREDIT, () -> pools.shares(credit, month));
        assertThat(charged.closed()).isTrue();
        assertThat(charged.statementNumber()).isEqualTo(statement.number());
        assertThat(charged.total()).isEqualByComparingTo(statement.poolTotal()).isEqualByComparingTo(open.total());
        assertThat(charged.pools()).extracting(PoolShares.Share::pool, s -> s.share().setScale(2), PoolShares.Share::how)
                .containsExactlyElementsOf(open.pools().stream().map(s -> org.assertj.core.groups.Tuple.tuple(s.pool(), s.share().setScale(2),
                        s.how())).toList());
    }
}
