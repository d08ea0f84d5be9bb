package io.esteira.deployments.ui;

import static org.assertj.core.api.Assertions.assertThat;

import io.esteira.changes.Environment;
import io.esteira.deployments.DeploymentState;
import io.esteira.deployments.DeploymentView;
import io.esteira.deployments.Rollout;
import io.esteira.deployments.ServingFigures;
import io.esteira.deployments.ServingMode;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class DeploymentScreensTest {

    private static final UUID AREA = UUID.randomUUID();

    @Test
    void the_suggested_name_is_the_model_and_environment_made_url_safe() {
        assertThat(DeploymentWizardView.suggestedName("card_fraud", Environment.PRODUCTION)).isEqualTo("card-fraud-production");
        assertThat(DeploymentWizardView.suggestedName("Credit__Limit v2", Environment.STAGING)).isEqualTo("credit-limit-v2-staging");
        assertThat(DeploymentWizardView.suggestedName("2024_model", Environment.STAGING)).isEqualTo("model-staging");
        String longest = DeploymentWizardView.suggestedName("a".repeat(80), Environment.PRODUCTION);
        assertThat(longest).hasSize(63).endsWith("-production").matches("[a-z][a-z0-9-]{1,61}[a-z0-9]");
    }

    @Test
    void a_refused_field_sends_the_wizard_back_to_the_earliest_step_that_edits_it() {
        assertThat(DeploymentWizardView.stepOf(Set.of("name"))).isZero();
        assertThat(DeploymentWizardView.stepOf(Set.of("versionId"))).isZero();
        assertThat(DeploymentWizardView.stepOf(Set.of("batch.outputTable"))).isEqualTo(1);
        assertThat(DeploymentWizardView.stepOf(Set.of("mode"))).isEqualTo(1);
        assertThat(DeploymentWizardView.stepOf(Set.of("resources.cpu", "justification"))).isEqualTo(2);
        assertThat(DeploymentWizardView.stepOf(Set.of("canaryPercent"))).isEqualTo(2);
        assertThat(DeploymentWizardView.stepOf(Set.of("rollbackPlan"))).isEqualTo(3);
        assertThat(DeploymentWizardView.stepOf(Set.of("something-else"))).isEqualTo(4);
        assertThat(DeploymentWizardView.stepOf(Set.of())).isEqualTo(4);
    }

    @Test
    void the_traffic_split_names_each_live_version_with_its_share() {
        DeploymentView stable = release("fraud", 1, DeploymentState.LIVE, null);
        DeploymentView canary = release("fraud", 2, DeploymentState.LIVE, 10);
        DeploymentView retired = release("fraud", 0, DeploymentState.RETIRED, null);
        DeploymentView other = release("other", 3, DeploymentState.LIVE, null);
        List<DeploymentView> page = List.of(canary, retired, stable, other);
        assertThat(DeploymentLabels.split(stable, page)).isEqualTo("90% v1 · 10% v2");
        assertThat(DeploymentLabels.split(canary, page)).isEqualTo("90% v1 · 10% v2");
        assertThat(DeploymentLabels.split(other, page)).isEqualTo("100% v3");
        assertThat(DeploymentLabels.split(retired, page)).isEqualTo("—");
        assertThat(DeploymentLabels.split(other, List.of())).as("alone on its page").isEqualTo("100% v3");
    }

    @Test
    void figures_read_as_people_say_them() {
        ServingFigures none = ServingFigures.NONE;
        assertThat(DeploymentLabels.calls(none)).isEqualTo("0 calls");
        assertThat(DeploymentLabels.p95(none)).isEqualTo("—");
        assertThat(DeploymentLabels.errorRate(none)).isEqualTo("—");
        ServingFigures some = new ServingFigures(12_345, 2.4, 1.234, 0.0769, Instant.now());
        assertThat(DeploymentLabels.calls(some)).isEqualTo("12,345 calls");
        assertThat(DeploymentLabels.callsPerMinute(some)).isEqualTo("2.4");
        assertThat(DeploymentLabels.p95(some)).isEqualTo("1.23 ms");
        assertThat(DeploymentLabels.errorRate(some)).isEqualTo("7.7%");
    }

    private static DeploymentView release(String name, int version, DeploymentState state, Integer canaryPercent) {
        return new DeploymentView(UUID.randomUUID(), AREA, name, UUID.randomUUID(), "card_fraud", UUID.randomUUID(), version,
                Environment.PRODUCTION, ServingMode.ONLINE_SYNC, "embedded", state, null, UUID.randomUUID(), "ds.fraud", Instant.now(),
                Instant.now(), state == DeploymentState.LIVE ? Instant.now() : null, canaryPercent == null ? Rollout.ALL_AT_ONCE : Rollout.CANARY,
                canaryPercent, null, 1, null, null, null, null, 100, null, null, "justification of twenty characters", null, null);
    }
}
