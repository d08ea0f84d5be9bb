package io.esteira.costs;

import static io.esteira.support.Personas.ADMIN;
import static io.esteira.support.Personas.DS_CREDIT;
import static io.esteira.support.Personas.DS_FRAUD;
import static io.esteira.support.Personas.MANAGER_CREDIT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.esteira.areas.AreaDraft;
import io.esteira.areas.AreaService;
import io.esteira.areas.AreaSummary;
import io.esteira.costs.StatementLine.Section;
import io.esteira.identity.ApiTokenService;
import io.esteira.identity.TokenRequest;
import io.esteira.shared.InvalidRequestException;
import io.esteira.shared.NotFoundException;
import io.esteira.support.Api;
import io.esteira.support.AuditTrail;
import io.esteira.support.Personas;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.JsonNode;

/**
 * Shared pools, the monthly close and statements on a database: a month of two areas' usage and three pools
 * closed (statements add up to the platform total to the cent), closed again (nothing changes), a late event
 * after the close (a correction line of the next month), a price changed after the close (the statement and
 * its hash stay), and who may read or do what. Months ten and nine back, which no other scenario uses.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class CostCloseScenarios {

    @Autowired
    UsageLedger usage;
    @Autowired
    CostLedger ledger;
    @Autowired
    SharedPools pools;
    @Autowired
    MonthlyClose close;
    @Autowired
    Statements statements;
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
    Clock clock;
    @Autowired
    AuditTrail audit;

    UUID credit;
    UUID fraud;
    UUID marketing;
    UUID dsCredit;
    UUID managerCredit;
    String currency;

    @BeforeAll
    void areasAndPeople() {
        Map<String, UUID> byCode = personas.call(ADMIN, areas::myAreas).stream().collect(Collectors.toMap(AreaSummary::code, AreaSummary::id));
        credit = byCode.get("CREDIT");
        fraud = byCode.get("FRAUD");
        marketing = byCode.get("MARKETING");
        dsCredit = personas.user(DS_CREDIT).userId();
        managerCredit = personas.user(MANAGER_CREDIT).userId();
        currency = personas.call(ADMIN, () -> areas.get(credit)).monthlyBudget().currency().getCurrencyCode();
    }

    void inTransaction(Runnable work) {
        new TransactionTemplate(transactions).executeWithoutResult(s -> work.run());
    }

    UsageStart start(UUID area, String sourceType, UUID id, String name, UUID owner, Instant at, Map<String, BigDecimal> held) {
        return new UsageStart(area, sourceType, id, name, owner, owner == null ? null : "owner " + name, name,
                new ResourceShape(0, 0, null, 0, 0), at, held);
    }

    void used(UUID area, String sourceType, String name, UUID owner, Instant from, Instant to, Map<String, BigDecimal> held) {
        UUID id = UUID.randomUUID();
        inTransaction(() -> {
            usage.open(start(area, sourceType, id, name, owner, from, held));
            usage.close(sourceType, id, to, "done");
        });
    }

    static BigDecimal sum(List<BigDecimal> values) {
        return values.stream().reduce(BigDecimal.ZERO, BigDecimal::add);
    }

    BigDecimal exactLedger(UUID area, YearMonth month) {
        BigDecimal lines = jdbc.queryForObject("select coalesce(sum(amount), 0) from cost_line where area_id = ? and month_start = ?",
                BigDecimal.class, area, month.atDay(1));
        BigDecimal corrections = jdbc.queryForObject("select coalesce(sum(amount), 0) from cost_correction where area_id = ? and "
                + "month_start = ?", BigDecimal.class, area, month.atDay(1));
        return lines.add(corrections);
    }

    @Test
    void a_month_closes_into_statements_that_add_up_to_the_cent_and_never_change() throws Exception {
        // a month no other scenario of the shared test database uses (the ledger's use 2 to 6 months back, the budgets' 9 and 10)
        YearMonth month = YearMonth.now(ZoneOffset.UTC).minusMonths(12);
        YearMonth next = month.plusMonths(1);
        Instant t = month.atDay(3).atTime(9, 0).toInstant(ZoneOffset.UTC);
        // an area price of a GPU nobody else uses, scheduled long ago (a test cannot schedule into the past)
        UUID gpuPrice = UUID.randomUUID();
        String gpu = Sku.gpuHour("close-test");
        jdbc.update("insert into rate_price (id, sku, area_id, area_key, currency, unit, unit_price, effective_from, created_by, created_at) "
                + "values (?, ?, ?, ?, ?, 'GPU-hour', 1.2345678901, ?, 'test', ?)", gpuPrice, gpu, credit, credit.toString(), currency,
                Timestamp.from(MonthlyClose.start(month).minus(Duration.ofDays(1))), Timestamp.from(clock.instant()));
        used(credit, "workspace", "ana-gpu", dsCredit, t, t.plus(Duration.ofMinutes(440)), Held.of(gpu, BigDecimal.ONE));
        used(credit, "schedule-run", "nightly", managerCredit, t.plusSeconds(7), t.plusSeconds(102), Held.querySlot());
        used(credit, "schedule-run", "weekly", null, t.plus(Duration.ofDays(4)), t.plus(Duration.ofDays(4)).plusSeconds(3333),
                Held.querySlot());
        used(fraud, "schedule-run", "fraud-refresh", null, t.plus(Duration.ofDays(10)), t.plus(Duration.ofDays(10)).plus(Duration.ofMinutes(133)),
                Held.querySlot());

        Map<UUID, BigDecimal> fixed = new LinkedHashMap<>();
        fixed.put(credit, new BigDecimal("60.5"));
        fixed.put(fraud, new BigDecimal("39.5"));
        List<SharedPool> set = personas.call(ADMIN, () -> pools.set(month, List.of(
                new PoolDraft("Portal and database", new BigDecimal("1000.00"), currency, "proportional", null),
                new PoolDraft("Cluster capacity not allocated", new BigDecimal("333.33"), currency, "FIXED", fixed),
                new PoolDraft("Support", new BigDecimal("0.10"), currency, "EVEN", Map.of()))));
        assertThat(set).hasSize(3);
        assertThat(audit.awaitEntry(AuditTrail.actionOn("costs.pools-set", month.toString()))).isNotNull();

        MonthlyClose.CloseResult closed = personas.call(ADMIN, () -> close.close(month));
        assertThat(closed.alreadyClosed()).isFalse();
        List<StatementView> issued = closed.statements();
        assertThat(issued).extracting(StatementView::areaId).contains(credit, fraud, marketing);
        for (int i = 0; i < issued.size(); i++) {
            StatementView s = issued.get(i);
            assertThat(s.number()).isEqualTo(String.format("ST-%s-%s-%04d", month, s.areaCode(), i + 1));
            Statements.Statement full = personas.call(ADMIN, () -> statements.get(s.number()));
            assertThat(sum(full.lines().stream().map(StatementLine::amount).toList())).as(s.number()).isEqualByComparingTo(s.total());
            assertThat(s.directTotal().add(s.correctionTotal())).as("the ledger's exact sum rounded once")
                    .isEqualTo(Cents.round(exactLedger(s.areaId(), month)));
            assertThat(s.ledgerExact()).isEqualByComparingTo(exactLedger(s.areaId(), month));
            assertThat(personas.call(ADMIN, () -> statements.verify(s.number()))).isTrue();
        }
        BigDecimal direct = sum(issued.stream().map(s -> Cents.round(exactLedger(s.areaId(), month))).toList());
        MonthlyClose.MonthTotal total = closed.totals().stream().filter(m -> m.currency().equals(currency)).findFirst().orElseThrow();
        assertThat(sum(issued.stream().filter(s -> s.currency().equals(currency)).map(StatementView::total).toList()).add(total.unallocated()))
                .isEqualByComparingTo(total.platformTotal());
        assertThat(total.unallocated()).isEqualByComparingTo("0");
        assertThat(total.platformTotal()).isEqualByComparingTo(direct.add(new BigDecimal("1333.43")));
        StatementView creditStatement = issued.stream().filter(s -> s.areaId().equals(credit)).findFirst().orElseThrow();
        StatementView fraudStatement = issued.stream().filter(s -> s.areaId().equals(fraud)).findFirst().orElseThrow();
        // 7 h 20 min of the GPU at 1.2345678901, 95 s and 3,333 s of a query slot at 0.12: 9.0535 + 0.0031667 + 0.1111
        assertThat(creditStatement.directTotal()).isEqualByComparingTo("9.17");
        assertThat(creditStatement.ledgerExact()).isEqualByComparingTo(exactLedger(credit, month));
        Statements.Statement creditFull = personas.call(ADMIN, () -> statements.get(creditStatement.number()));
        assertThat(creditFull.lines().stream().filter(l -> l.section() == Section.POOL && l.description().contains("Cluster capacity")))
                .singleElement().satisfies(l -> assertThat(l.amount()).isEqualByComparingTo("201.66"));
        assertThat(personas.call(ADMIN, () -> statements.get(fraudStatement.number())).lines().stream()
                .filter(l -> l.description().contains("Cluster capacity"))).singleElement()
                .satisfies(l -> assertThat(l.amount()).isEqualByComparingTo("131.67"));
        assertThat(audit.awaitEntry(AuditTrail.actionOn("costs.month-closed", month.toString()))).isNotNull();
        assertThat(audit.awaitEntry(AuditTrail.actionOn("costs.statement-issued", creditStatement.number())).details())
                .contains(creditStatement.sha256());

        // the area's managers are told, with a link to the PDF
        audit.awaitEventsHandled();
        assertThat(jdbc.queryForObject("select count(*) from notification where recipient_id = ? and topic = 'costs.statement-issued' "
                + "and link = ? and subject like ?", Long.class, managerCredit, "/costs/statements", "%" + creditStatement.number() + "%")).isEqualTo(1);

        // closing again does nothing
        MonthlyClose.CloseResult again = personas.call(ADMIN, () -> close.close(month));
        assertThat(again.alreadyClosed()).isTrue();
        assertThat(again.statements()).isEqualTo(issued);
        assertThat(jdbc.queryForObject("select count(*) from cost_statement where month_start = ?", Long.class, month.atDay(1)))
                .isEqualTo(issued.size());

        // the PDF a cost-centre manager reads, and the FOCUS CSV of every hourly line
        byte[] pdf = personas.call(MANAGER_CREDIT, () -> statements.pdf(creditStatement.number()));
        assertThat(new String(pdf, 0, 5, java.nio.charset.StandardCharsets.ISO_8859_1)).isEqualTo("%PDF-");
        Path out = Path.of("target", "statements");
        Files.createDirectories(out);
        Files.write(out.resolve(creditStatement.number() + ".pdf"), pdf);
        String manager = token(MANAGER_CREDIT);
        Api.Response pdfResponse = api.get("/api/v1/costs/statements/" + creditStatement.number() + ".pdf", manager);
        assertThat(pdfResponse.status()).isEqualTo(200);
        assertThat(pdfResponse.contentType()).isEqualTo("application/pdf");
        Api.Response csv = api.get("/api/v1/costs/statements/" + creditStatement.number() + ".csv", manager);
        assertThat(csv.status()).as(csv.body()).isEqualTo(200);
        assertThat(csv.contentType()).startsWith("text/csv");
        List<String> rows = csv.body().lines().toList();
        List<String> columns = Arrays.asList(rows.getFirst().split(","));
        assertThat(columns).containsAll(List.of("BilledCost", "EffectiveCost", "ListCost", "ContractedCost", "BillingAccountId",
                "BillingAccountName", "BillingCurrency", "BillingPeriodStart", "BillingPeriodEnd", "ChargePeriodStart", "ChargePeriodEnd",
                "ChargeCategory", "ChargeClass", "ChargeDescription", "PricingQuantity", "PricingUnit", "ProviderName", "PublisherName",
                "InvoiceIssuerName", "ServiceName", "ServiceCategory", "SubAccountId", "InvoiceId"));
        List<String> usageRows = rows.subList(1, rows.size()).stream().filter(r -> !r.contains("SHARED_POOL")).toList();
        assertThat(usageRows).hasSize((int) creditStatement.ledgerLines());
        assertThat(sum(usageRows.stream().map(r -> new BigDecimal(r.substring(0, r.indexOf(',')))).toList()))
                .isEqualByComparingTo(creditStatement.ledgerExact());
        assertThat(rows.get(1)).contains(creditStatement.number()).contains(",CREDIT,");

        // the whole month for finance (administrators): every statement's rows under one header
        Api.Response monthCsv = api.get("/api/v1/costs/months/" + month + "/focus.csv", token(ADMIN));
        assertThat(monthCsv.status()).as(monthCsv.body()).isEqualTo(200);
        List<String> monthRows = monthCsv.body().lines().toList();
        assertThat(monthRows.stream().filter(r -> r.startsWith("BilledCost,"))).hasSize(1);
        List<String> monthUsage = monthRows.subList(1, monthRows.size()).stream().filter(r -> !r.contains("SHARED_POOL")).toList();
        assertThat(monthUsage).hasSize((int) issued.stream().mapToLong(StatementView::ledgerLines).sum());
        assertThat(sum(monthUsage.stream().map(r -> new BigDecimal(r.substring(0, r.indexOf(',')))).toList()))
                .isEqualByComparingTo(issued.stream().map(StatementView::ledgerExact).reduce(BigDecimal.ZERO, BigDecimal::add));
        assertThat(issued).allSatisfy(st -> assertThat(monthCsv.body()).contains("," + st.number() + ","));
        assertThat(api.get("/api/v1/costs/months/" + month + "/focus.csv", manager).status()).isEqualTo(403);
        assertThat(api.get("/api/v1/costs/months/" + next + "/focus.csv", token(ADMIN)).status()).isEqualTo(404);

        // who reads statements: the area's managers and administrators; others are told they are not found
        assertThat(api.get("/api/v1/costs/statements?area=" + credit, manager).json().size()).isGreaterThanOrEqualTo(1);
        for (String outsider : List.of(token(DS_FRAUD), token(DS_CREDIT))) {
            assertThat(api.get("/api/v1/costs/statements?area=" + credit, outsider).status()).isEqualTo(404);
            assertThat(api.get("/api/v1/costs/statements/" + creditStatement.number() + ".pdf", outsider).status()).isEqualTo(404);
            assertThat(api.get("/api/v1/costs/statements/" + creditStatement.number() + ".csv", outsider).status()).isEqualTo(404);
        }
        assertThat(api.get("/api/v1/costs/statements/" + fraudStatement.number() + ".pdf", manager).status()).isEqualTo(404);
        assertThat(api.get("/api/v1/costs/statements/" + fraudStatement.number() + ".csv", manager).status()).isEqualTo(404);
        assertThatThrownBy(() -> personas.call(DS_FRAUD, () -> statements.get(creditStatement.number()))).isInstanceOf(NotFoundException.class);
        assertThat(api.post("/api/v1/costs/months/" + month + "/close", manager, "").status()).isEqualTo(403);
        assertThat(api.put("/api/v1/costs/pools?month=" + next, manager, null, "[]").status()).isEqualTo(403);
        Api.Response closedPools = api.put("/api/v1/costs/pools?month=" + month, token(ADMIN), null, "[]");
        assertThat(closedPools.status()).as(closedPools.body()).isEqualTo(400);
        assertThat(closedPools.json().get("errors").get("month").asString()).contains("closed");

        // a late event of the closed month: the month's lines stay, the next close carries a correction
        used(credit, "schedule-run", "late-refresh", dsCredit, t.plus(Duration.ofDays(17)), t.plus(Duration.ofDays(17)).plus(Duration.ofHours(1)),
                Held.querySlot());
        personas.call(ADMIN, () -> ledger.rate(MonthlyClose.start(month), MonthlyClose.start(next)));
        personas.call(ADMIN, ledger::rateDue);
        assertThat(jdbc.queryForObject("select count(*) from cost_line where area_id = ? and month_start = ?", Long.class, credit,
                month.atDay(1))).isEqualTo(creditStatement.ledgerLines());
        Api.Response nextClose = api.post("/api/v1/costs/months/" + next + "/close", token(ADMIN), "");
        assertThat(nextClose.status()).as(nextClose.body()).isEqualTo(200);
        assertThat(nextClose.json().get("corrections").asInt()).isEqualTo(1);
        StatementView creditNext = personas.call(MANAGER_CREDIT, () -> statements.list(credit)).stream()
                .filter(s -> s.month().equals(next)).findFirst().orElseThrow();
        assertThat(creditNext.correctionTotal()).isEqualByComparingTo("0.12");
        assertThat(personas.call(ADMIN, () -> statements.get(creditNext.number())).lines().stream()
                .filter(l -> l.section() == Section.CORRECTION)).singleElement().satisfies(l -> {
                    assertThat(l.correctedMonth()).isEqualTo(month);
                    assertThat(l.personName()).isEqualTo("owner late-refresh");
                });
        String nextCsv = api.get("/api/v1/costs/statements/" + creditNext.number() + ".csv", manager).body();
        assertThat(nextCsv.lines().filter(r -> r.contains(",Correction,"))).singleElement()
                .satisfies(r -> assertThat(r).contains(month.toString()));

        // a price changed after the close leaves the closed month's statement as it was
        jdbc.update("update rate_price set unit_price = 9 where id = ?", gpuPrice);
        personas.call(ADMIN, () -> ledger.rate(MonthlyClose.start(month), MonthlyClose.start(next)));
        Statements.Statement after = personas.call(ADMIN, () -> statements.get(creditStatement.number()));
        assertThat(after).isEqualTo(creditFull);
        assertThat(after.header().sha256()).isEqualTo(creditStatement.sha256());
        assertThat(personas.call(ADMIN, () -> statements.verify(creditStatement.number()))).isTrue();
    }

    @Test
    void an_area_whose_currency_changes_keeps_the_month_in_progress_in_its_currency_and_closed_months_get_no_false_corrections() {
        // months no other scenario uses (the demo cost history's scenario closes 20 to 18 months back and must find none of its
        // months closed): the close of the second looks three months back for corrections of the first
        YearMonth month = YearMonth.now(ZoneOffset.UTC).minusMonths(15);
        YearMonth next = month.plusMonths(1);
        Instant t = month.atDay(3).atTime(9, 0).toInstant(ZoneOffset.UTC);
        AreaSummary before = personas.call(ADMIN, () -> areas.get(marketing));
        String was = before.monthlyBudget().currency().getCurrencyCode();
        String other = was.equals("USD") ? "EUR" : "USD";
        try {
            used(marketing, "schedule-run", "before the change", dsCredit, t, t.plus(Duration.ofHours(1)), Held.querySlot());
            personas.call(ADMIN, () -> ledger.rate(MonthlyClose.start(month), MonthlyClose.start(next)));
            personas.run(ADMIN, () -> areas.update(marketing, new AreaDraft(before.code(), before.name(), before.costCenter(),
                    before.monthlyBudget().amount(), other, before.active()), before.version()));
            used(marketing, "schedule-run", "after the change", dsCredit, t.plus(Duration.ofDays(10)), t.plus(Duration.ofDays(10))
                    .plus(Duration.ofHours(1)), Held.querySlot());
            personas.call(ADMIN, () -> close.close(month));
            assertThat(jdbc.queryForList("select distinct currency from cost_line where area_id = ? and month_start = ?", String.class,
                    marketing, month.atDay(1))).as("the month in progress stays in the currency it began in").containsExactly(was);
            assertThat(personas.call(ADMIN, () -> statements.list(marketing)).stream().filter(st -> st.month().equals(month)))
                    .singleElement().satisfies(st -> assertThat(st.currency()).isEqualTo(was));

            used(marketing, "schedule-run", "next month", dsCredit, t.plus(Duration.ofDays(35)), t.plus(Duration.ofDays(35))
                    .plus(Duration.ofHours(1)), Held.querySlot());
            MonthlyClose.CloseResult closed = personas.call(ADMIN, () -> close.close(next));
            assertThat(jdbc.queryForList("select distinct currency from cost_line where area_id = ? and month_start = ?", String.class,
                    marketing, next.atDay(1))).as("the new currency applies from the next month").containsExactly(other);
            assertThat(jdbc.queryForObject("select count(*) from cost_correction where area_id = ? and corrected_month = ?", Long.class,
                    marketing, month.atDay(1))).as("no correction of the closed month in the other currency").isZero();
            assertThat(closed.corrections()).isZero();
        } finally {
            AreaSummary now = personas.call(ADMIN, () -> areas.get(marketing));
            personas.run(ADMIN, () -> areas.update(marketing, new AreaDraft(before.code(), before.name(), before.costCenter(),
                    before.monthlyBudget().amount(), was, before.active()), now.version()));
        }
    }

    @Test
    void fixed_shares_must_sum_to_100_and_only_administrators_set_pools() {
        YearMonth month = YearMonth.now(ZoneOffset.UTC).plusMonths(1);
        Map<UUID, BigDecimal> shares = Map.of(credit, new BigDecimal("50"), fraud, new BigDecimal("49.99"));
        assertThatThrownBy(() -> personas.call(ADMIN, () -> pools.set(month, List.of(new PoolDraft("Cluster", new BigDecimal("10"), currency,
                "FIXED", shares))))).isInstanceOfSatisfying(InvalidRequestException.class,
                e -> assertThat(e.fieldErrors().get("pools[0].shares")).contains("exactly 100"));
        assertThatThrownBy(() -> personas.call(MANAGER_CREDIT, () -> pools.set(month, List.of()))).isInstanceOf(AccessDeniedException.class);
        assertThatThrownBy(() -> personas.call(ADMIN, () -> close.close(YearMonth.now(ZoneOffset.UTC))))
                .isInstanceOfSatisfying(InvalidRequestException.class, e -> assertThat(e.fieldErrors()).containsKey("month"));

        String admin = token(ADMIN);
        Api.Response refused = api.put("/api/v1/costs/pools?month=" + month, admin, null, "[{\"name\":\"Cluster\",\"amount\":10,"
                + "\"currency\":\"" + currency + "\",\"rule\":\"FIXED\",\"shares\":{\"" + credit + "\":50,\"" + fraud + "\":49.99}},"
                + "{\"name\":\"Portal\",\"amount\":1.001,\"currency\":\"" + currency + "\",\"rule\":\"EVEN\"}]");
        assertThat(refused.status()).as(refused.body()).isEqualTo(400);
        assertThat(refused.contentType()).contains("application/problem+json");
        assertThat(refused.json().get("errors").get("pools[0].shares").asString()).contains("exactly 100");
        assertThat(refused.json().get("errors").get("pools[1].amount").asString()).contains("cents");
        assertThat(jdbc.queryForObject("select count(*) from cost_pool where month_start = ?", Long.class, month.atDay(1))).isZero();

        Api.Response stored = api.put("/api/v1/costs/pools?month=" + month, admin, null, "[{\"name\":\"Cluster\",\"amount\":10,"
                + "\"currency\":\"" + currency + "\",\"rule\":\"FIXED\",\"shares\":{\"" + credit + "\":50.5,\"" + fraud + "\":49.5}}]");
        assertThat(stored.status()).as(stored.body()).isEqualTo(200);
        JsonNode listed = api.get("/api/v1/costs/pools?month=" + month, admin).json();
        assertThat(listed.size()).isEqualTo(1);
        assertThat(listed.get(0).get("rule").asString()).isEqualTo("FIXED");
        assertThat(api.get("/api/v1/costs/pools?month=" + month, token(MANAGER_CREDIT)).status()).isEqualTo(403);
        assertThat(api.get("/api/v1/costs/pools?month=2026-13", admin).status()).isEqualTo(400);
    }

    String token(String who) {
        return personas.call(who, () -> tokens.create(new TokenRequest("close-" + who.replace('.', '-') + "-" + UUID.randomUUID()
                .toString().substring(0, 8), null, LocalDate.now().plusDays(1), false))).secret();
    }
}
