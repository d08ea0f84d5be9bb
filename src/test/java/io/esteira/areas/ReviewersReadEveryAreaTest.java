package io.esteira.areas;

import static org.assertj.core.api.Assertions.assertThat;

import io.esteira.shared.security.ActorType;
import io.esteira.shared.security.Role;
import io.esteira.shared.security.SignedInUser;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The one rule by which reviewers see every area's objects, and who it does not let in. */
class ReviewersReadEveryAreaTest {

    private static SignedInUser user(Set<Role> roles, UUID scope) {
        return new SignedInUser(UUID.randomUUID(), "u", "U", roles, ActorType.USER, scope == null ? null : "ci", scope);
    }

    @Test
    void reviewersOfEveryKindReadEveryArea() {
        assertThat(AreaAccess.readsEveryArea(user(Set.of(Role.REVIEWER), null))).isTrue();
        assertThat(AreaAccess.readsEveryArea(user(Set.of(Role.RISK_REVIEWER), null))).isTrue();
        assertThat(AreaAccess.readsEveryArea(user(Set.of(Role.GOVERNANCE_REVIEWER), null))).isTrue();
    }

    @Test
    void nobodyElseDoesNorAReviewersTokenLimitedToAnArea() {
        assertThat(AreaAccess.readsEveryArea(user(Set.of(Role.DATA_SCIENTIST), null))).isFalse();
        assertThat(AreaAccess.readsEveryArea(user(Set.of(Role.MANAGER), null))).isFalse();
        assertThat(AreaAccess.readsEveryArea(user(Set.of(Role.ADMIN), null))).as("administrators read through their own rule").isFalse();
        assertThat(AreaAccess.readsEveryArea(user(Set.of(Role.REVIEWER, Role.RISK_REVIEWER), UUID.randomUUID()))).isFalse();
    }
}
