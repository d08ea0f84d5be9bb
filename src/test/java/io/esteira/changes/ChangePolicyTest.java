package io.esteira.changes;

import static io.esteira.shared.security.Role.GOVERNANCE_REVIEWER;
import static io.esteira.shared.security.Role.RISK_REVIEWER;
import static org.assertj.core.api.Assertions.assertThat;

import io.esteira.shared.security.Role;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class ChangePolicyTest {

    @ParameterizedTest(name = "tier {0} to {1}, emergency {2}: {3}")
    @CsvSource({
            "3, STAGING, false, STANDARD",
            "3, PRODUCTION, false, NORMAL",
            "2, STAGING, false, NORMAL",
            "1, STAGING, false, NORMAL",
            "1, PRODUCTION, false, NORMAL",
            "3, STAGING, true, EMERGENCY",
            "1, PRODUCTION, true, EMERGENCY"})
    void the_type_of_change_follows_from_tier_environment_and_emergency(int tier, Environment environment, boolean emergency,
            ChangeType type) {
        ChangePolicy.Classification classification = ChangePolicy.classify(tier, environment, emergency);
        assertThat(classification.type()).isEqualTo(type);
        assertThat(classification.reason()).isNotBlank();
    }

    @Test
    void a_normal_change_needs_a_risk_and_a_governance_reviewer_who_are_two_people() {
        assertThat(need(List.of()).complete()).isFalse();
        assertThat(need(List.of()).helpingKinds()).containsExactlyInAnyOrder(RISK_REVIEWER, GOVERNANCE_REVIEWER);
        assertThat(need(List.of(Set.of(RISK_REVIEWER))).inWords()).isEqualTo("A governance reviewer");
        assertThat(need(List.of(Set.of(RISK_REVIEWER))).helpingKinds()).containsExactly(GOVERNANCE_REVIEWER);
        assertThat(need(List.of(Set.of(RISK_REVIEWER), Set.of(RISK_REVIEWER))).complete()).as("a second of the same kind").isFalse();
        assertThat(need(List.of(Set.of(RISK_REVIEWER, GOVERNANCE_REVIEWER))).complete()).as("one person holding both kinds").isFalse();
        assertThat(need(List.of(Set.of(RISK_REVIEWER, GOVERNANCE_REVIEWER))).helpingKinds())
                .containsExactlyInAnyOrder(RISK_REVIEWER, GOVERNANCE_REVIEWER);
        assertThat(need(List.of(Set.of(RISK_REVIEWER), Set.of(GOVERNANCE_REVIEWER))).complete()).isTrue();
        assertThat(need(List.of(Set.of(RISK_REVIEWER, GOVERNANCE_REVIEWER), Set.of(RISK_REVIEWER))).complete()).isTrue();
    }

    @Test
    void an_emergency_change_needs_two_reviewers_of_any_kind_and_a_standard_one_nobody() {
        assertThat(ChangePolicy.need(ChangeType.EMERGENCY, List.of(Set.of(RISK_REVIEWER))).complete()).isFalse();
        assertThat(ChangePolicy.need(ChangeType.EMERGENCY, List.of(Set.of(RISK_REVIEWER), Set.of(RISK_REVIEWER))).complete()).isTrue();
        assertThat(ChangePolicy.need(ChangeType.STANDARD, List.of()).complete()).isTrue();
    }

    @Test
    void reviewer_kinds_are_the_risk_and_governance_roles_only() {
        assertThat(ChangePolicy.kindsOf(Set.of(Role.REVIEWER, Role.ADMIN, RISK_REVIEWER))).containsExactly(RISK_REVIEWER);
    }

    private static ChangePolicy.Need need(List<Set<Role>> approvers) {
        return ChangePolicy.need(ChangeType.NORMAL, approvers);
    }
}
