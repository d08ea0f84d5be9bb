package io.esteira.features;

import static io.esteira.support.Personas.ADMIN;
import static io.esteira.support.Personas.DS_CREDIT;
import static io.esteira.support.Personas.DS_FRAUD;
import static io.esteira.support.Personas.MANAGER_CREDIT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.esteira.areas.AreaService;
import io.esteira.areas.AreaSummary;
import io.esteira.audit.AuditEntry;
import io.esteira.scheduling.ScheduleDraft;
import io.esteira.shared.ForbiddenException;
import io.esteira.scheduling.ScheduleDefinitions;
import io.esteira.scheduling.SchedulePreviews;
import io.esteira.scheduling.domain.Schedule.TargetMode;
import io.esteira.support.AuditTrail;
import io.esteira.support.IntegrationTest;
import io.esteira.support.Personas;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.data.domain.PageRequest;

/**
 * Issue 14, finding 2: Credit Risk's customer_profile marks e-mail and birth date as personal data,
 * and that holds for SQL on the warehouse too, not only in the feature store.
 */
@IntegrationTest
class PersonalDataThroughSqlIntegrationTest {

    @Autowired
    SchedulePreviews schedulePreviews;
    @Autowired
    ScheduleDefinitions scheduleDefinitions;
    @Autowired
    SourceExplorer explorer;
    @Autowired
    FeatureGroupService groups;
    @Autowired
    FeatureAccess featureAccess;
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
    FeatureReads reads;

    UUID demo;
    UUID credit;
    UUID fraud;

    @BeforeEach
    void demoData() {
        await().atMost(Duration.ofSeconds(90)).until(() -> warehouse.progress().finished());
        demo = personas.call(ADMIN, () -> sources.list(DemoWarehouse.SOURCE_NAME, PageRequest.of(0, 1))).getContent().getFirst().id();
        List<AreaSummary> all = personas.call(ADMIN, areas::myAreas);
        credit = all.stream().filter(a -> a.code().equals("CREDIT")).map(AreaSummary::id).findFirst().orElseThrow();
        fraud = all.stream().filter(a -> a.code().equals("FRAUD")).map(AreaSummary::id).findFirst().orElseThrow();
        // the demo publishes customer_profile once its statistics are computed: only what is published classifies
        await().atMost(Duration.ofSeconds(90)).ignoreExceptions()
                .until(() -> personas.call(ADMIN, () -> groups.getByName("customer_profile")).latestPublished().isPresent());
    }

    @Test
    void another_area_cannot_read_personal_columns_through_a_preview_and_is_told_what_to_ask_for() {
        for (String sql : List.of("select email, birth_date from bank.customers", "select * from bank.customers",
                "select c.* from bank.customers c", "select x.email from (select * from bank.customers) x",
                "with everyone as (select customer_id, email from bank.customers) select count(*) from everyone",
                "select customer_id from bank.customers where email like '%@mail.example'",
                "select \"EMAIL\" from \"BANK\".\"CUSTOMERS\"")) {
            personas.run(DS_FRAUD, () -> assertThatThrownBy(() -> schedulePreviews.preview(fraud, demo, sql)).as(sql)
                    .isInstanceOf(QueryRefusedException.class)
                    .hasMessageContaining("personal data of Credit Risk")
                    .hasMessageContaining("request access to customer_profile"));
        }
        AuditEntry entry = audit.awaitEntry(AuditTrail.actionOn("data-source.queried", demo.toString()));
        assertThat(entry.outcome()).isEqualTo("DENIED");
        assertThat(entry.areaId()).isEqualTo(fraud);
    }

    @Test
    void another_area_reads_what_is_not_personal_and_the_owner_reads_everything() {
        personas.run(DS_FRAUD, () -> assertThat(schedulePreviews.preview(fraud, demo,
                "select segment, count(*) as customers from bank.customers group by segment").rows()).isNotEmpty());
        personas.run(DS_CREDIT, () -> assertThat(schedulePreviews.preview(credit, demo,
                "select email, birth_date from bank.customers").rows()).isNotEmpty());
    }

    @Test
    void the_explorer_checks_a_query_with_the_functions_of_its_sources_dialect() {
        personas.run(DS_CREDIT, () -> assertThat(explorer.preview(demo, SourceQuery.select("select * from system_range(1, 3)"), 5).rows())
                .hasSize(3));
    }

    @Test
    void the_explorer_and_a_schedule_follow_the_same_rule() {
        personas.run(DS_FRAUD, () -> {
            assertThatThrownBy(() -> explorer.preview(demo, SourceQuery.table("bank", "customers"), 5))
                    .hasMessageContaining("personal data of Credit Risk");
            assertThatThrownBy(() -> scheduleDefinitions.create(new ScheduleDraft(fraud, "copy_emails_" + UUID.randomUUID().toString().substring(0, 6),
                    "", demo, "select customer_id, email from bank.customers", null, TargetMode.NONE, List.of(), "0 0 3 * * ?", "UTC", 60)))
                    .hasMessageContaining("personal data of Credit Risk");
        });
    }

    @Test
    void another_areas_schema_is_not_readable() {
        personas.run(DS_FRAUD, () -> assertThatThrownBy(() -> schedulePreviews.preview(fraud, demo, "select * from area_credit.anything"))
                .isInstanceOf(QueryRefusedException.class).hasMessageContaining("another area's tables"));
    }

    @Test
    void an_approved_access_request_opens_exactly_the_approved_column() {
        UUID profile = personas.call(ADMIN, () -> groups.getByName("customer_profile")).id();
        AccessRequestView request = personas.call(DS_FRAUD, () -> featureAccess.request(profile, new AccessRequestDraft(fraud,
                List.of("birth_date"), "Age at the time of the transaction is a fraud signal we want to test")));
        personas.run(MANAGER_CREDIT, () -> featureAccess.approve(request.id(), "Approved for the age feature"));
        personas.run(DS_FRAUD, () -> {
            assertThat(schedulePreviews.preview(fraud, demo, "select customer_id, birth_date from bank.customers").rows()).isNotEmpty();
            assertThatThrownBy(() -> schedulePreviews.preview(fraud, demo, "select customer_id, birth_date, email from bank.customers"))
                    .hasMessageContaining("email is personal data");
        });
    }

    @Test
    void statistics_of_personal_columns_show_counts_only_outside_the_area_and_who_reads_a_group_only_inside() {
        UUID profile = personas.call(ADMIN, () -> groups.getByName("customer_profile")).id();
        await().atMost(Duration.ofSeconds(90)).until(() -> personas.call(DS_CREDIT, () -> groups.get(profile)).versions().getFirst()
                .statisticsState().equals("DONE"));
        ColumnStatistics own = emailStatistics(DS_CREDIT, profile);
        assertThat(own.min()).isNotNull();
        assertThat(own.max()).isNotNull();
        ColumnStatistics other = emailStatistics(DS_FRAUD, profile);
        assertThat(other.count()).isEqualTo(own.count());
        assertThat(other.min()).isNull();
        assertThat(other.max()).isNull();
        assertThat(other.quantiles()).isEmpty();
        assertThat(other.histogram()).isEmpty();

        FeatureGroupView group = personas.call(DS_FRAUD, () -> groups.get(profile));
        personas.run(DS_FRAUD, () -> assertThatThrownBy(() -> reads.readersOf(group)).isInstanceOf(ForbiddenException.class));
        personas.run(DS_CREDIT, () -> assertThat(reads.readersOf(group)).isNotNull());
    }

    @Test
    void a_draft_classifies_nothing_for_other_areas_and_its_publication_does() {
        String name = "customer_home_" + UUID.randomUUID().toString().substring(0, 6);
        String sql = "select customer_id, region from bank.customers where customer_id < 5";
        FeatureGroupView draft = personas.call(DS_CREDIT, () -> groups.register(new FeatureGroupDraft(credit, name, "Where customers live", List.of(),
                demo, SourceQuery.table("bank", "customers"), List.of("customer_id"), "customer_since", List.of(
                        new FeatureDraft("region", ColumnInfo.Kind.TEXT, "Home region, as personal data", null, true, false, null, null,
                                List.of())))));
        personas.run(DS_FRAUD, () -> assertThat(schedulePreviews.preview(fraud, demo, sql).rows()).isNotEmpty());
        await().atMost(Duration.ofSeconds(60)).until(() -> personas.call(DS_CREDIT, () -> groups.get(draft.id())).versions().getFirst()
                .statisticsState().equals("DONE"));
        personas.run(DS_CREDIT, () -> groups.publish(draft.id(), 1));
        personas.run(DS_FRAUD, () -> assertThatThrownBy(() -> schedulePreviews.preview(fraud, demo, sql))
                .hasMessageContaining("region is personal data of Credit Risk"));
        personas.run(DS_CREDIT, () -> assertThat(schedulePreviews.preview(credit, demo, sql).rows()).isNotEmpty());
    }

    private ColumnStatistics emailStatistics(String persona, UUID groupId) {
        return personas.call(persona, () -> groups.get(groupId)).versions().getFirst().statistics().stream()
                .filter(s -> s.name().equalsIgnoreCase("email")).findFirst().orElseThrow();
    }
}
