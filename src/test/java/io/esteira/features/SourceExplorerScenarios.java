package io.esteira.features;

import static io.esteira.support.Personas.ADMIN;
import static io.esteira.support.Personas.DS_CREDIT;
import static io.esteira.support.Personas.REVIEWER_RISK;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;

import io.esteira.features.ColumnInfo.Kind;
import io.esteira.shared.ForbiddenException;
import io.esteira.shared.InvalidRequestException;
import io.esteira.support.Personas;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.data.domain.PageRequest;

/**
 * Introspection, previews and statistics of data sources: on the demo warehouse (H2) and on a
 * scratch table of the database each subclass provides, with statistics checked against SQL.
 */
abstract class SourceExplorerScenarios {

    @Autowired
    SourceExplorer explorer;
    @Autowired
    DataSourceService sources;
    @Autowired
    io.esteira.support.SourceGrantsForTests grants;
    @Autowired
    DemoWarehouse warehouse;
    @Autowired
    Personas personas;

    UUID demo;

    /** A JDBC address, user and password of a database the test may write a scratch table into. */
    abstract String[] scratchDatabase();

    @BeforeEach
    void awaitWarehouse() {
        await().atMost(Duration.ofSeconds(90)).until(() -> warehouse.progress().finished());
        demo = personas.call(ADMIN, () -> sources.list(DemoWarehouse.SOURCE_NAME, PageRequest.of(0, 1))).getContent().getFirst().id();
    }

    @Test
    void theWarehouseTablesAndTheirColumnsAreIntrospected() {
        List<TableRef> tables = personas.call(DS_CREDIT, () -> explorer.tables(demo));
        assertThat(tables).extracting(t -> t.schema().toLowerCase() + "." + t.name().toLowerCase())
                .contains("bank.customers", "bank.card_transactions");
        QueryPreview preview = personas.call(DS_CREDIT, () -> explorer.preview(demo, SourceQuery.table("bank", "card_transactions"), 10));
        Map<String, Kind> kinds = preview.columns().stream().collect(Collectors.toMap(ColumnInfo::name, ColumnInfo::kind));
        assertThat(kinds).containsEntry("transaction_id", Kind.NUMBER).containsEntry("amount", Kind.NUMBER)
                .containsEntry("event_time", Kind.TIME).containsEntry("merchant_category", Kind.TEXT)
                .containsEntry("is_fraud", Kind.BOOLEAN);
        assertThat(preview.rows()).hasSize(10).allSatisfy(row -> assertThat(row).hasSize(preview.columns().size()));

        QueryPreview query = personas.call(DS_CREDIT, () -> explorer.preview(demo, SourceQuery.select("""
                with big as (select customer_id, amount from bank.card_transactions where amount > 100)
                select customer_id, count(*) as n, sum(amount) as total from big group by customer_id order by n desc;"""), 5));
        assertThat(query.columns()).extracting(ColumnInfo::name).containsExactly("customer_id", "n", "total");
        assertThat(query.rows()).hasSize(5);
    }

    @Test
    void badSqlAMissingColumnOrTableGetAClearMessageAndChangeNothing() throws Exception {
        personas.run(DS_CREDIT, () -> {
            assertRefused("selec * from bank.customers", "Unexpected word selec at line 1, column 1");
            assertRefused("delete from bank.customers", "Only SELECT");
            assertRefused("select 1; drop table bank.customers", "exactly one statement");
            assertRefused("select no_such_column from bank.customers", "Column no_such_column does not exist at line 1, column 8");
            assertThatThrownBy(() -> explorer.preview(demo, SourceQuery.table("bank", "no_such_table"), 5))
                    .isInstanceOf(InvalidRequestException.class).hasMessageContaining("There is no table bank.no_such_table");
        });
        try (Connection c = DriverManager.getConnection(warehouse.url(), "sa", ""); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("select count(*) from bank.customers")) {
            rs.next();
            assertThat(rs.getLong(1)).isEqualTo(2000);
        }
    }

    void assertRefused(String sql, String message) {
        assertThatThrownBy(() -> explorer.preview(demo, SourceQuery.select(sql), 5))
                .isInstanceOf(InvalidRequestException.class).hasMessageContaining(message);
    }

    @Test
    void onlyPeopleWhoBuildOnDataReadIt() {
        personas.run(REVIEWER_RISK, () -> assertThatThrownBy(() -> explorer.tables(demo)).isInstanceOf(ForbiddenException.class));
    }

    @Test
    void statisticsMatchWhatTheDatabaseComputes() throws Exception {
        AtomicLong progress = new AtomicLong();
        List<ColumnStatistics> stats = personas.call(DS_CREDIT, () -> explorer.statistics(demo,
                SourceQuery.select("select customer_id, amount, merchant_category, event_time, is_fraud from bank.card_transactions"),
                progress::set));
        assertThat(progress.get()).isEqualTo(30000);
        Map<String, ColumnStatistics> byName = stats.stream().collect(Collectors.toMap(ColumnStatistics::name, s -> s));
        ColumnStatistics amount = byName.get("amount");
        try (Connection c = DriverManager.getConnection(warehouse.url(), "sa", ""); Statement s = c.createStatement()) {
            ResultSet rs = s.executeQuery("select count(*), min(amount), max(amount), avg(amount), stddev_samp(amount), "
                    + "count(distinct customer_id) from bank.card_transactions");
            rs.next();
            assertThat(amount.count()).isEqualTo(rs.getLong(1));
            assertThat(amount.nulls()).isZero();
            assertThat(Double.parseDouble(amount.min())).isEqualTo(rs.getDouble(2));
            assertThat(Double.parseDouble(amount.max())).isEqualTo(rs.getDouble(3));
            assertThat(amount.mean()).isCloseTo(rs.getDouble(4), within(1e-6));
            assertThat(amount.stddev()).isCloseTo(rs.getDouble(5), within(1e-6));
            assertThat((double) byName.get("customer_id").distinct()).isCloseTo(rs.getLong(6), within(rs.getLong(6) * 0.03));
            double median = amount.quantiles().get(0.5);
            ResultSet below = s.executeQuery("select count(*) from bank.card_transactions where amount <= " + median);
            below.next();
            assertThat(below.getLong(1) / (double) amount.count()).isCloseTo(0.5, within(2 * amount.rankError() + 0.001));
        }
        assertThat(amount.histogram()).hasSize(StatisticsCalculator.BINS);
        assertThat(amount.histogram().stream().mapToLong(ColumnStatistics.Bin::count).sum()).isCloseTo(amount.count(), within(25L));
        assertThat(byName.get("merchant_category").distinct()).isEqualTo(10);
        assertThat(byName.get("merchant_category").kind()).isEqualTo(Kind.TEXT);
        assertThat(byName.get("event_time").min()).startsWith("2025-11-01");
        assertThat(byName.get("is_fraud").distinct()).isEqualTo(2);
    }

    @Test
    void nullsAreCountedOnTheScratchDatabase() throws Exception {
        String[] db = scratchDatabase();
        String[] reader = io.esteira.support.ScratchReader.of(db, "\"pit\"", "scratch");
        String table = "readings_" + UUID.randomUUID().toString().substring(0, 8);
        try (Connection c = DriverManager.getConnection(db[0], db[1], db[2]); Statement s = c.createStatement()) {
            s.execute("create schema if not exists scratch");
            s.execute("create table scratch." + table + " (id integer, reading double precision, taken_at timestamp, label varchar(20))");
            s.execute("insert into scratch." + table + " values (1, 1.5, timestamp '2026-01-01 10:00:00', 'a'), (2, null, null, 'b'),"
                    + " (3, 4.5, timestamp '2026-01-03 10:00:00', null), (4, 3.0, timestamp '2026-01-02 10:00:00', 'a')");
        }
        DataSourceSummary scratch = personas.call(ADMIN, () -> sources.create(new DataSourceDraft("scratch " + table, "", reader[0],
                db[0].startsWith("jdbc:h2") ? "org.h2.Driver" : "org.postgresql.Driver", reader[1], reader[2], Classification.SPEC, null)));
        grants.toEveryArea(scratch.id());
        QueryPreview preview = personas.call(DS_CREDIT, () -> explorer.preview(scratch.id(), SourceQuery.table("scratch", table), 10));
        assertThat(preview.columns()).extracting(ColumnInfo::kind).containsExactly(Kind.NUMBER, Kind.NUMBER, Kind.TIME, Kind.TEXT);
        assertThat(preview.rows()).hasSize(4);
        Map<String, ColumnStatistics> stats = personas.call(DS_CREDIT, () -> explorer.statistics(scratch.id(),
                SourceQuery.table("scratch", table), n -> { })).stream()
                .collect(Collectors.toMap(s -> s.name().toLowerCase(java.util.Locale.ROOT), s -> s));
        ColumnStatistics reading = stats.get("reading");
        assertThat(reading.count()).isEqualTo(4);
        assertThat(reading.nulls()).isEqualTo(1);
        assertThat(reading.mean()).isCloseTo(3.0, within(1e-9));
        assertThat(reading.stddev()).isCloseTo(1.5, within(1e-9));
        assertThat(reading.min()).isEqualTo("1.5");
        assertThat(stats.get("taken_at").nulls()).isEqualTo(1);
        assertThat(stats.get("taken_at").min()).contains("2026-01-01");
        assertThat(stats.get("label").nulls()).isEqualTo(1);
        assertThat(stats.get("label").distinct()).isEqualTo(2);
    }

    @Autowired
    FeatureGroupService groups;
    @Autowired
    io.esteira.areas.AreaService areaService;

    /**
     * The point-in-time join against a hand-computed answer: a late-arriving row (inserted last with an
     * earlier time), a request exactly at an event time, one before any data, a tie broken the same way
     * every time, a missing value, and an unknown entity; and never a value from a row's future.
     */
    @Test
    void aTrainingSetTakesTheLatestValuesAtOrBeforeEachTimeAndNeverFromTheFuture() throws Exception {
        String[] db = scratchDatabase();
        String[] reader = io.esteira.support.ScratchReader.of(db, "\"pit\"", "scratch");
        String table = "events_" + UUID.randomUUID().toString().substring(0, 8);
        try (Connection c = DriverManager.getConnection(db[0], db[1], db[2]); Statement s = c.createStatement()) {
            s.execute("create schema if not exists \"pit\"");
            s.execute("create table \"pit\".\"" + table + "\" (\"customer_id\" integer, \"event_time\" timestamp with time zone, "
                    + "\"score\" double precision, \"segment\" varchar(10))");
            String insert = "insert into \"pit\".\"" + table + "\" values ";
            s.execute(insert + "(1, timestamp with time zone '2026-01-01 00:00:00+00', 0.1, 'a')");
            s.execute(insert + "(1, timestamp with time zone '2026-01-03 00:00:00+00', 0.3, 'c')");
            s.execute(insert + "(2, timestamp with time zone '2026-01-02 00:00:00+00', 0.5, 'x')");
            s.execute(insert + "(2, timestamp with time zone '2026-01-02 00:00:00+00', 0.7, 'y')");
            s.execute(insert + "(3, timestamp with time zone '2026-01-05 00:00:00+00', null, 'n')");
            s.execute(insert + "(1, timestamp with time zone '2026-01-02 00:00:00+00', 0.2, 'b')");
        }
        UUID credit = personas.call(ADMIN, areaService::myAreas).stream().filter(a -> a.code().equals("CREDIT"))
                .map(io.esteira.areas.AreaSummary::id).findFirst().orElseThrow();
        DataSourceSummary scratch = personas.call(ADMIN, () -> sources.create(new DataSourceDraft("pit " + table, "", reader[0],
                db[0].startsWith("jdbc:h2") ? "org.h2.Driver" : "org.postgresql.Driver", reader[1], reader[2], Classification.SPEC, null)));
        grants.toEveryArea(scratch.id());
        String name = "pit_" + table;
        personas.run(DS_CREDIT, () -> groups.register(new FeatureGroupDraft(credit, name, "", List.of(), scratch.id(),
                SourceQuery.table("pit", table), List.of("customer_id"), "event_time", List.of(
                        new FeatureDraft("score", Kind.NUMBER, "", null, false, false, null, null, List.of()),
                        new FeatureDraft("segment", Kind.TEXT, "", null, true, false, null, null, List.of())))));
        String request = """
                customer_id,timestamp
                1,2026-01-02T12:00:00Z
                1,2026-01-03T00:00:00Z
                1,2025-12-31T00:00:00Z
                2,2026-01-04T00:00:00Z
                3,2026-01-06T00:00:00Z
                4,2026-01-06T00:00:00Z
                """;
        String expected = """
                customer_id,timestamp,feature_event_time,score,segment
                1,2026-01-02T12:00:00Z,2026-01-02T00:00:00Z,0.2,b
                1,2026-01-03T00:00:00Z,2026-01-03T00:00:00Z,0.3,c
                1,2025-12-31T00:00:00Z,,,
                2,2026-01-04T00:00:00Z,2026-01-02T00:00:00Z,0.7,y
                3,2026-01-06T00:00:00Z,2026-01-05T00:00:00Z,,n
                4,2026-01-06T00:00:00Z,,,
                """;
        assertThat(personas.call(DS_CREDIT, () -> groups.trainingSet(name, 1, List.of(), request))).isEqualTo(expected);

        personas.run(DS_CREDIT, () -> {
            assertThatThrownBy(() -> groups.trainingSet(name, 1, List.of(), "customer,timestamp\n1,2026-01-01T00:00:00Z"))
                    .isInstanceOf(InvalidRequestException.class).hasMessageContaining("The header must be customer_id,timestamp");
            assertThatThrownBy(() -> groups.trainingSet(name, 1, List.of(), "customer_id,timestamp\n1,yesterday"))
                    .isInstanceOf(InvalidRequestException.class).hasMessageContaining("yesterday is not an ISO-8601 time");
            assertThatThrownBy(() -> groups.trainingSet(name, 1, List.of(), "customer_id,timestamp\nabc,2026-01-01T00:00:00Z"))
                    .isInstanceOf(InvalidRequestException.class).hasMessageContaining("abc is not a number");
        });
        // another area does not see a draft at all
        personas.run(io.esteira.support.Personas.DS_FRAUD, () -> assertThatThrownBy(() -> groups.trainingSet(name, 1, List.of(), request))
                .isInstanceOf(io.esteira.shared.NotFoundException.class));
        // once published, it reads the features, but the personal-data one only with Credit's approval
        UUID groupId = personas.call(DS_CREDIT, () -> groups.getByName(name)).id();
        await().atMost(Duration.ofSeconds(60)).until(() -> personas.call(DS_CREDIT, () -> groups.get(groupId)).versions().getFirst()
                .statisticsState().equals("DONE"));
        personas.run(DS_CREDIT, () -> groups.publish(groupId, 1));
        personas.run(io.esteira.support.Personas.DS_FRAUD, () -> {
            assertThat(groups.trainingSet(name, null, List.of(), request)).startsWith("customer_id,timestamp,feature_event_time,score\n")
                    .contains("1,2026-01-02T12:00:00Z,2026-01-02T00:00:00Z,0.2\n").doesNotContain(",b");
            assertThatThrownBy(() -> groups.trainingSet(name, null, List.of("segment"), request))
                    .isInstanceOf(ForbiddenException.class).hasMessageContaining("personal data of Credit Risk");
        });
    }
}
