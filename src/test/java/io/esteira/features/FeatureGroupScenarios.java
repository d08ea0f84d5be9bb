package io.esteira.features;

import static io.esteira.support.Personas.ADMIN;
import static io.esteira.support.Personas.DS_CREDIT;
import static io.esteira.support.Personas.DS_FRAUD;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;

import io.esteira.areas.AreaService;
import io.esteira.areas.AreaSummary;
import io.esteira.features.ColumnInfo.Kind;
import io.esteira.shared.ForbiddenException;
import io.esteira.shared.InvalidRequestException;
import io.esteira.shared.NotFoundException;
import io.esteira.support.AuditTrail;
import io.esteira.support.Personas;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.data.domain.PageRequest;
import org.springframework.jdbc.core.JdbcTemplate;

/** Registering feature groups from the demo warehouse: checks, background statistics, rules, publishing, versions, visibility. */
abstract class FeatureGroupScenarios {

    @Autowired
    FeatureGroupService groups;
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

    UUID credit;
    UUID demo;

    @BeforeEach
    void prepare() {
        await().atMost(Duration.ofSeconds(90)).until(() -> warehouse.progress().finished());
        credit = personas.call(ADMIN, areas::myAreas).stream().filter(a -> a.code().equals("CREDIT")).map(AreaSummary::id).findFirst().orElseThrow();
        demo = personas.call(ADMIN, () -> sources.list(DemoWarehouse.SOURCE_NAME, PageRequest.of(0, 1))).getContent().getFirst().id();
    }

    static String unique(String prefix) {
        return prefix + "_" + UUID.randomUUID().toString().substring(0, 8);
    }

    FeatureGroupDraft transactions(String name, List<FeatureDraft> features) {
        return new FeatureGroupDraft(credit, name, "Card transactions of credit customers", List.of("cards", "fraud"), demo,
                SourceQuery.table("bank", "card_transactions"), List.of("customer_id"), "event_time", features);
    }

    static FeatureDraft amount(Double min, Double max) {
        return new FeatureDraft("amount", Kind.NUMBER, "Amount of the transaction", "EUR", false, true, min, max, List.of());
    }

    static FeatureDraft category(List<String> allowed) {
        return new FeatureDraft("merchant_category", Kind.TEXT, "Merchant category", null, false, false, null, null, allowed);
    }

    FeatureGroupView awaitStatistics(UUID groupId, int number) {
        await().atMost(Duration.ofSeconds(60)).until(() -> personas.call(DS_CREDIT, () -> groups.get(groupId)).versions().stream()
                .filter(v -> v.number() == number).anyMatch(v -> v.statisticsState().equals("DONE") || v.statisticsState().equals("FAILED")));
        FeatureGroupView view = personas.call(DS_CREDIT, () -> groups.get(groupId));
        assertThat(view.versions().stream().filter(v -> v.number() == number).findFirst().orElseThrow().statisticsState())
                .as(view.versions().getFirst().statisticsError()).isEqualTo("DONE");
        return view;
    }

    @Test
    void aGroupIsRegisteredItsStatisticsComputedAndPublishedForEveryone() throws Exception {
        String name = unique("card_spend");
        FeatureGroupView registered = personas.call(DS_CREDIT, () -> groups.register(transactions(name, List.of(amount(0.0, null), category(List.of())))));
        assertThat(registered.versions()).singleElement().satisfies(v -> {
            assertThat(v.number()).isEqualTo(1);
            assertThat(v.status()).isEqualTo("DRAFT");
        });
        personas.run(DS_FRAUD, () -> assertThatThrownBy(() -> groups.get(registered.id())).as("a draft stays in its area")
                .isInstanceOf(NotFoundException.class));

        FeatureGroupView done = awaitStatistics(registered.id(), 1);
        Map<String, ColumnStatistics> stats = done.versions().getFirst().statistics().stream()
                .collect(Collectors.toMap(ColumnStatistics::name, s -> s));
        assertThat(stats).containsKeys("customer_id", "event_time", "amount", "merchant_category");
        try (Connection c = DriverManager.getConnection(warehouse.url(), "sa", "");
                ResultSet rs = c.createStatement().executeQuery("select count(*), avg(amount), max(amount) from bank.card_transactions")) {
            rs.next();
            assertThat(stats.get("amount").count()).isEqualTo(rs.getLong(1));
            assertThat(stats.get("amount").mean()).isCloseTo(rs.getDouble(2), within(1e-6));
            assertThat(Double.parseDouble(stats.get("amount").max())).isEqualTo(rs.getDouble(3));
        }
        assertThat(stats.get("amount").histogram()).hasSize(StatisticsCalculator.BINS);
        assertThat(stats.get("amount").quantiles()).containsKey(0.5);
        // a category's distribution is kept with the version and read back as counted (few values: exact)
        ColumnStatistics.Categories categories = stats.get("merchant_category").categories();
        assertThat(categories).isNotNull();
        assertThat(categories.approximate()).isFalse();
        assertThat(stats.get("merchant_category").distinctExact()).isTrue();
        try (Connection c = DriverManager.getConnection(warehouse.url(), "sa", "");
                ResultSet rs = c.createStatement().executeQuery("select merchant_category, count(*) from bank.card_transactions "
                        + "where merchant_category is not null group by merchant_category order by count(*) desc, merchant_category")) {
            List<ColumnStatistics.ValueCount> counted = new java.util.ArrayList<>();
            while (rs.next() && counted.size() < StatisticsCalculator.TOP_VALUES) {
                counted.add(new ColumnStatistics.ValueCount(rs.getString(1), rs.getLong(2)));
            }
            assertThat(categories.values()).containsExactlyElementsOf(counted);
            assertThat(categories.values().stream().mapToLong(ColumnStatistics.ValueCount::count).sum() + categories.others())
                    .isEqualTo(stats.get("merchant_category").count() - stats.get("merchant_category").nulls());
            assertThat(stats.get("merchant_category").distinct()).isEqualTo(countDistinct(c, "merchant_category"));
        }
        assertThat(stats.get("amount").categories()).as("numbers get a histogram, not categories").isNull();

        FeatureGroupView published = personas.call(DS_CREDIT, () -> groups.publish(registered.id(), 1));
        assertThat(published.versions().getFirst().status()).isEqualTo("PUBLISHED");
        audit.awaitEntry(AuditTrail.actionOn("feature-group.published", registered.id().toString()));

        // everyone signed in finds it, by name, tag or column
        personas.run(DS_FRAUD, () -> {
            assertThat(groups.catalog(name, null, PageRequest.of(0, 10)).getContent()).extracting(FeatureGroupSummary::name).containsExactly(name);
            assertThat(groups.catalog("merchant_category", null, PageRequest.of(0, 200)).getContent()).extracting(FeatureGroupSummary::name).contains(name);
            assertThat(groups.get(registered.id()).domain()).isEqualTo("Credit Risk");
            assertThatThrownBy(() -> groups.deprecate(registered.id(), 1)).isInstanceOf(ForbiddenException.class);
            assertThatThrownBy(() -> groups.register(transactions(unique("intruder"), List.of(amount(null, null)))))
                    .isInstanceOf(NotFoundException.class);
        });
    }

    @Test
    void aSchemaChangeMakesANewVersionAndOldVersionsStayReadable() {
        String name = unique("card_mix");
        FeatureGroupView v1 = personas.call(DS_CREDIT, () -> groups.register(transactions(name, List.of(amount(null, null)))));
        awaitStatistics(v1.id(), 1);
        personas.run(DS_CREDIT, () -> groups.publish(v1.id(), 1));
        personas.run(DS_CREDIT, () -> assertThatThrownBy(() -> groups.register(transactions(name, List.of(amount(null, null)))))
                .isInstanceOf(InvalidRequestException.class).hasMessageContaining("Nothing changed"));

        FeatureGroupView v2 = personas.call(DS_CREDIT, () -> groups.register(transactions(name, List.of(amount(null, null), category(List.of())))));
        assertThat(v2.versions()).extracting(FeatureGroupView.VersionView::number).containsExactly(2, 1);
        awaitStatistics(v1.id(), 2);
        FeatureGroupView after = personas.call(DS_CREDIT, () -> groups.publish(v1.id(), 2));
        assertThat(after.versions()).extracting(FeatureGroupView.VersionView::status).containsExactly("PUBLISHED", "DEPRECATED");
        assertThat(after.versions().get(1).features()).extracting(FeatureDraft::name).containsExactly("amount");
    }

    @Test
    void aBrokenRuleBlocksPublishing() {
        String name = unique("card_rules");
        FeatureGroupView registered = personas.call(DS_CREDIT, () -> groups.register(transactions(name,
                List.of(amount(null, 50.0), category(List.of("groceries", "fuel"))))));
        FeatureGroupView done = awaitStatistics(registered.id(), 1);
        Map<String, Long> violations = done.versions().getFirst().statistics().stream()
                .collect(Collectors.toMap(ColumnStatistics::name, ColumnStatistics::violations));
        long above50 = jdbcCount("select count(*) from bank.card_transactions where amount > 50");
        long otherCategories = jdbcCount("select count(*) from bank.card_transactions where merchant_category not in ('groceries', 'fuel')");
        assertThat(violations.get("amount")).isEqualTo(above50);
        assertThat(violations.get("merchant_category")).isEqualTo(otherCategories);
        personas.run(DS_CREDIT, () -> assertThatThrownBy(() -> groups.publish(registered.id(), 1))
                .isInstanceOf(InvalidRequestException.class).hasMessageContaining("Validation rules are broken")
                .hasMessageContaining("amount (" + above50 + " rows)"));
    }

    long jdbcCount(String sql) {
        try (Connection c = DriverManager.getConnection(warehouse.url(), "sa", ""); ResultSet rs = c.createStatement().executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void theDemoGroupsArePublishedAndOnlineFromTheFirstStart() {
        await().atMost(Duration.ofSeconds(90)).until(() -> personas.call(DS_FRAUD, () -> {
            try {
                return groups.getByName("customer_profile").latestPublished().isPresent()
                        && groups.getByName("latest_card_transaction").latestPublished().isPresent();
            } catch (NotFoundException e) {
                return false;
            }
        }));
        FeatureGroupView profile = personas.call(DS_FRAUD, () -> groups.getByName("customer_profile"));
        assertThat(profile.domain()).isEqualTo("Credit Risk");
        assertThat(profile.latestPublished().orElseThrow().features()).filteredOn(FeatureDraft::pii).extracting(FeatureDraft::name)
                .containsExactly("birth_date", "email");
    }

    @Test
    void aMissingColumnAWrongTypeOrBadSqlIsRefusedAndStoresNothing() {
        // the demo groups are registered in the background at start-up: count the others
        String others = "select count(*) from feature_group_version v join feature_group g on g.id = v.group_id "
                + "where g.name not in ('customer_profile', 'latest_card_transaction')";
        long before = jdbc.queryForObject(others, Long.class);
        personas.run(DS_CREDIT, () -> {
            assertThatThrownBy(() -> groups.register(transactions(unique("missing"),
                    List.of(new FeatureDraft("no_such_column", Kind.NUMBER, "", null, false, false, null, null, List.of())))))
                    .isInstanceOf(InvalidRequestException.class).hasMessageContaining("The source has no column no_such_column");
            assertThatThrownBy(() -> groups.register(transactions(unique("wrong_type"),
                    List.of(new FeatureDraft("merchant_category", Kind.NUMBER, "", null, false, false, null, null, List.of())))))
                    .isInstanceOf(InvalidRequestException.class).hasMessageContaining("declared number but the source has it as");
            assertThatThrownBy(() -> groups.register(new FeatureGroupDraft(credit, unique("bad_sql"), "", List.of(), demo,
                    SourceQuery.select("selec amount from bank.card_transactions"), List.of("customer_id"), "event_time",
                    List.of(amount(null, null))))).isInstanceOf(InvalidRequestException.class).hasMessageContaining("Unexpected word selec at line 1, column 1");
            assertThatThrownBy(() -> groups.register(new FeatureGroupDraft(credit, unique("time"), "", List.of(), demo,
                    SourceQuery.table("bank", "card_transactions"), List.of("customer_id"), "amount", List.of(category(List.of())))))
                    .isInstanceOf(InvalidRequestException.class).hasMessageContaining("not a date or time");
        });
        assertThat(jdbc.queryForObject(others, Long.class)).isEqualTo(before);
    }

    private static long countDistinct(Connection c, String column) throws java.sql.SQLException {
        try (ResultSet rs = c.createStatement().executeQuery("select count(distinct " + column + ") from bank.card_transactions")) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
