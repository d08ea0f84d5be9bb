package io.esteira.identity.security;

import static org.assertj.core.api.Assertions.assertThat;

import io.esteira.areas.AreaRole;
import io.esteira.identity.Accounts.IdentityClaims;
import io.esteira.shared.security.Role;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What the identity provider says about a person becomes portal roles and area memberships, and nothing more. */
class ClaimMapperTest {

    private final ClaimMapper mapper = new ClaimMapper(new IdentityProperties("https://idp.example", "esteira-portal",
            "secret", "roles", "areas", "preferred_username", null));

    @Test
    void portal_roles_are_taken_from_the_roles_claim_in_any_case() {
        IdentityClaims claims = mapper.map("sub-1", Map.of("preferred_username", "ana",
                "roles", List.of("data_scientist", " Reviewer ")));

        assertThat(claims.roles()).containsExactlyInAnyOrder(Role.DATA_SCIENTIST, Role.REVIEWER);
    }

    @Test
    void roles_of_other_applications_are_ignored() {
        IdentityClaims claims = mapper.map("sub-1", Map.of("preferred_username", "ana",
                "roles", List.of("offline_access", "uma_authorization", "MANAGER", "SUPERUSER")));

        assertThat(claims.roles()).containsExactly(Role.MANAGER);
    }

    @Test
    void a_roles_claim_given_as_one_string_is_split_on_commas_and_spaces() {
        IdentityClaims claims = mapper.map("sub-1", Map.of("preferred_username", "ana", "roles", "ADMIN, reviewer manager"));

        assertThat(claims.roles()).containsExactlyInAnyOrder(Role.ADMIN, Role.REVIEWER, Role.MANAGER);
    }

    @Test
    void area_memberships_are_read_as_area_code_and_role() {
        IdentityClaims claims = mapper.map("sub-1", Map.of("preferred_username", "ana",
                "areas", List.of("credit:data_scientist", "FRAUD : Manager")));

        assertThat(claims.areaRoles()).containsExactlyInAnyOrderEntriesOf(Map.of(
                "CREDIT", AreaRole.DATA_SCIENTIST, "FRAUD", AreaRole.MANAGER));
    }

    @Test
    void malformed_area_entries_are_ignored_never_guessed() {
        IdentityClaims claims = mapper.map("sub-1", Map.of("preferred_username", "ana",
                "areas", List.of("CREDIT", "FRAUD:OWNER", "MARKETING:DATA_SCIENTIST")));

        assertThat(claims.areaRoles()).containsExactlyEntriesOf(Map.of("MARKETING", AreaRole.DATA_SCIENTIST));
    }

    @Test
    void no_roles_or_areas_claim_means_none() {
        IdentityClaims claims = mapper.map("sub-1", Map.of("preferred_username", "ana"));

        assertThat(claims.roles()).isEmpty();
        assertThat(claims.areaRoles()).isEmpty();
    }

    @Test
    void the_user_name_is_lower_cased_and_trimmed() {
        IdentityClaims claims = mapper.map("sub-1", Map.of("preferred_username", " Ana.Ribeiro "));

        assertThat(claims.username()).isEqualTo("ana.ribeiro");
        assertThat(claims.subject()).isEqualTo("sub-1");
    }

    @Test
    void without_a_user_name_the_subject_stands_in() {
        assertThat(mapper.map("Sub-42", Map.of()).username()).isEqualTo("sub-42");
        assertThat(mapper.map("sub-42", Map.of("preferred_username", "  ")).username()).isEqualTo("sub-42");
    }

    @Test
    void the_display_name_and_email_come_from_the_standard_claims() {
        IdentityClaims claims = mapper.map("sub-1", Map.of("preferred_username", "ana", "name", "Ana Ribeiro",
                "email", "ana@bank.example"));

        assertThat(claims.displayName()).isEqualTo("Ana Ribeiro");
        assertThat(claims.email()).isEqualTo("ana@bank.example");
    }

    @Test
    void without_a_name_the_user_name_is_shown() {
        IdentityClaims claims = mapper.map("sub-1", Map.of("preferred_username", "ana"));

        assertThat(claims.displayName()).isEqualTo("ana");
        assertThat(claims.email()).isNull();
    }

    @Test
    void the_claim_names_are_configurable() {
        ClaimMapper keycloakStyle = new ClaimMapper(new IdentityProperties("https://idp.example", "esteira-portal",
                "secret", "groups", "cost_centres", "upn", null));

        IdentityClaims claims = keycloakStyle.map("sub-1", Map.of("upn", "bruno", "groups", List.of("REVIEWER"),
                "cost_centres", List.of("FRAUD:MANAGER"), "roles", List.of("ADMIN")));

        assertThat(claims.username()).isEqualTo("bruno");
        assertThat(claims.roles()).containsExactly(Role.REVIEWER);
        assertThat(claims.areaRoles()).containsExactlyEntriesOf(Map.of("FRAUD", AreaRole.MANAGER));
    }
}
