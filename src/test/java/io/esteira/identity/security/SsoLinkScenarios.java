package io.esteira.identity.security;

import static io.esteira.identity.security.Browser.location;
import static io.esteira.support.Personas.ADMIN;
import static io.esteira.support.Personas.DS_CREDIT;
import static io.esteira.support.Personas.MANAGER_CREDIT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.esteira.areas.AreaRole;
import io.esteira.areas.AreaService;
import io.esteira.audit.AuditEntry;
import io.esteira.identity.Accounts;
import io.esteira.identity.Accounts.IdentityClaims;
import io.esteira.identity.ApiTokenService;
import io.esteira.identity.IdentityService;
import io.esteira.identity.NewLocalUser;
import io.esteira.identity.SsoLinkRefused;
import io.esteira.identity.SsoLinkRequestSummary;
import io.esteira.identity.SsoSignInRefused;
import io.esteira.identity.TokenRequest;
import io.esteira.identity.UserSummary;
import io.esteira.shared.NotFoundException;
import io.esteira.shared.security.Role;
import io.esteira.shared.security.SignedInUser;
import io.esteira.support.Api;
import io.esteira.support.AuditTrail;
import io.esteira.support.Personas;
import java.sql.Timestamp;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.security.access.AccessDeniedException;

/**
 * A person the identity provider vouches for, refused because their user name is already an account of the portal, and
 * what an administrator (and nobody else) may do about it: link the account to that person's subject, or dismiss the
 * request. Attacked as a colleague, a pipeline and a second identity would.
 */
abstract class SsoLinkScenarios {

    private static final String PASSWORD = "a-long-local-password";

    @LocalServerPort
    int port;
    @Autowired
    Accounts accounts;
    @Autowired
    IdentityService identity;
    @Autowired
    AreaService areas;
    @Autowired
    ApiTokenService tokens;
    @Autowired
    Personas personas;
    @Autowired
    AuditTrail audit;
    @Autowired
    Api api;
    @Autowired
    JdbcTemplate jdbc;

    UUID credit;

    @BeforeEach
    @AfterEach
    void forgetFailedSignIns() {
        jdbc.update("delete from sign_in_throttle");
        credit = jdbc.queryForObject("select id from area where code = 'CREDIT'", UUID.class);
    }

    @Test
    void a_refused_sign_in_is_remembered_once_the_administrator_links_it_and_the_person_then_signs_in_as_that_account() {
        UserSummary local = localAccount("lena");
        personas.run(ADMIN, () -> areas.addMember(credit, local.id(), AreaRole.DATA_SCIENTIST));
        assertThat(location(new Browser(port).signIn(local.username(), PASSWORD))).as("the password works before")
                .doesNotContain("login");
        String subject = "kc-" + UUID.randomUUID();

        assertThatThrownBy(() -> accounts.provisionFromIdentityProvider(claims(subject, local.username(), "Lena Lima")))
                .isInstanceOfSatisfying(SsoSignInRefused.class,
                        e -> assertThat(e.reason()).isEqualTo(SsoSignInRefused.Reason.NAME_IS_LOCAL_ACCOUNT));
        Timestamp first = jdbc.queryForObject("select requested_at from sso_link_request where user_id = ?", Timestamp.class, local.id());
        await().atMost(AuditTrail.PATIENCE).until(() -> noticesAbout(local.username()) == admins());

        assertThatThrownBy(() -> accounts.provisionFromIdentityProvider(claims(subject, local.username(), "Lena M. Lima")))
                .isInstanceOf(SsoSignInRefused.class);
        SsoLinkRequestSummary pending = personas.call(ADMIN, () -> identity.get(local.id())).ssoLinkRequest();
        assertThat(pending.subject()).isEqualTo(subject);
        assertThat(pending.displayName()).as("the latest attempt's claims").isEqualTo("Lena M. Lima");
        assertThat(pending.attempts()).isEqualTo(2);
        assertThat(pending.requestedAt()).isAfterOrEqualTo(first.toInstant());
        assertThat(jdbc.queryForObject("select count(*) from sso_link_request where user_id = ?", Integer.class, local.id())).isOne();
        assertThat(personas.call(ADMIN, () -> identity.ssoLinkRequests())).anySatisfy(r -> assertThat(r.userId()).isEqualTo(local.id()));

        UserSummary linked = personas.call(ADMIN, () -> identity.linkToSingleSignOn(local.id(), subject));
        assertThat(linked.origin()).isEqualTo("SSO");
        assertThat(linked.ssoLinkRequest()).isNull();
        assertThat(jdbc.queryForObject("select password_hash from app_user where id = ?", String.class, local.id())).isNull();
        assertThat(jdbc.queryForObject("select external_subject from app_user where id = ?", String.class, local.id())).isEqualTo(subject);
        assertThat(areas.rolesOf(local.id())).as("areas are kept until the next sign-in").containsEntry(credit, AreaRole.DATA_SCIENTIST);
        AuditEntry entry = audit.awaitEntry(AuditTrail.actionOn("user.linked-to-sso", local.id().toString()));
        assertThat(entry.actor()).isEqualTo(ADMIN);
        assertThat(entry.details()).contains(subject, local.username());
        assertThat(noticesAbout(local.username())).as("one notice per request, not per attempt").isEqualTo(admins());
        assertThat(audit.entries(AuditTrail.actionOn("user.sso-link-requested", local.id().toString()), 10)).hasSize(1);

        SignedInUser signedIn = accounts.provisionFromIdentityProvider(claims(subject, local.username(), "Lena Lima"));
        assertThat(signedIn.userId()).as("the same account").isEqualTo(local.id());
        assertThat(signedIn.roles()).contains(Role.DATA_SCIENTIST);
        assertThat(areas.rolesOf(local.id())).containsEntry(credit, AreaRole.DATA_SCIENTIST);

        assertThat(location(new Browser(port).signIn(local.username(), PASSWORD))).as("the password no longer signs in")
                .endsWith("/login?error");
    }

    @Test
    void only_administrators_see_link_or_dismiss_requests_in_the_service_and_the_api() {
        UserSummary local = localAccount("nadia");
        refuse(local.username(), "kc-" + UUID.randomUUID());
        for (String who : List.of(DS_CREDIT, MANAGER_CREDIT)) {
            assertThatThrownBy(() -> personas.call(who, () -> identity.linkToSingleSignOn(local.id(), null)))
                    .isInstanceOf(AccessDeniedException.class);
            assertThatThrownBy(() -> personas.call(who, () -> identity.ssoLinkRequests())).isInstanceOf(AccessDeniedException.class);
            assertThatThrownBy(() -> personas.run(who, () -> identity.dismissSsoLinkRequest(local.id())))
                    .isInstanceOf(AccessDeniedException.class);

            String token = tokenOf(who);
            Api.Response list = api.get("/api/v1/users/sso-link-requests", token);
            Api.Response link = api.post("/api/v1/users/" + local.id() + "/sso-link", token, "{}");
            Api.Response dismiss = api.delete("/api/v1/users/" + local.id() + "/sso-link-request", token);
            for (Api.Response refused : List.of(list, link, dismiss)) {
                assertThat(refused.status()).as(who + ": " + refused).isEqualTo(403);
                assertThat(refused.contentType()).startsWith("application/problem+json");
            }
            await().atMost(AuditTrail.PATIENCE).untilAsserted(() -> assertThat(audit.entries(AuditTrail.action("access.denied"), 100))
                    .as(who + "'s refusals are audited").filteredOn(e -> e.actor().startsWith(who + " (token"))
                    .hasSizeGreaterThanOrEqualTo(3));
        }
        assertThat(personas.call(ADMIN, () -> identity.get(local.id())).ssoLinkRequest()).as("still pending").isNotNull();
        assertThat(jdbc.queryForObject("select origin from app_user where id = ?", String.class, local.id())).isEqualTo("LOCAL");
    }

    @Test
    void the_api_lists_links_and_dismisses_and_answers_409_when_nothing_is_pending() {
        String admin = tokenOf(ADMIN);
        UserSummary linkMe = localAccount("olga");
        UserSummary dismissMe = localAccount("pia");
        String subject = "kc-" + UUID.randomUUID();
        refuse(linkMe.username(), subject);
        refuse(dismissMe.username(), "kc-" + UUID.randomUUID());

        Api.Response list = api.get("/api/v1/users/sso-link-requests", admin);
        assertThat(list.status()).isEqualTo(200);
        List<String> names = new java.util.ArrayList<>();
        list.json().forEach(r -> names.add(r.get("username").asString()));
        assertThat(names).contains(linkMe.username(), dismissMe.username());

        Api.Response changed = api.post("/api/v1/users/" + linkMe.id() + "/sso-link", admin, "{\"subject\": \"someone-else\"}");
        assertThat(changed.status()).as("a request that is not the one seen is not linked").isEqualTo(409);

        Api.Response linked = api.post("/api/v1/users/" + linkMe.id() + "/sso-link", admin, "{\"subject\": \"" + subject + "\"}");
        assertThat(linked.status()).as(linked.toString()).isEqualTo(200);
        assertThat(linked.json().get("origin").asString()).isEqualTo("SSO");

        Api.Response again = api.post("/api/v1/users/" + linkMe.id() + "/sso-link", admin, "");
        assertThat(again.status()).isEqualTo(409);
        assertThat(again.contentType()).startsWith("application/problem+json");
        assertThat(again.json().get("detail").asString()).contains("No single sign-on is waiting");

        Api.Response dismissed = api.delete("/api/v1/users/" + dismissMe.id() + "/sso-link-request", admin);
        assertThat(dismissed.status()).isEqualTo(204);
        assertThat(api.delete("/api/v1/users/" + dismissMe.id() + "/sso-link-request", admin).status()).isEqualTo(404);
        AuditEntry entry = audit.awaitEntry(AuditTrail.actionOn("user.sso-link-request-dismissed", dismissMe.id().toString()));
        assertThat(entry.actor()).startsWith(ADMIN + " (token");
        assertThat(jdbc.queryForObject("select origin from app_user where id = ?", String.class, dismissMe.id()))
                .as("a dismissed request links nothing").isEqualTo("LOCAL");
        assertThat(location(new Browser(port).signIn(dismissMe.username(), PASSWORD))).doesNotContain("login");
    }

    @Test
    void a_dismissed_request_is_gone_and_the_next_refusal_is_a_new_request() {
        UserSummary local = localAccount("quinn");
        String subject = "kc-" + UUID.randomUUID();
        refuse(local.username(), subject);
        personas.run(ADMIN, () -> identity.dismissSsoLinkRequest(local.id()));
        assertThat(personas.call(ADMIN, () -> identity.get(local.id())).ssoLinkRequest()).isNull();
        assertThatThrownBy(() -> personas.call(ADMIN, () -> identity.linkToSingleSignOn(local.id(), null)))
                .isInstanceOf(SsoLinkRefused.class).hasMessageContaining("No single sign-on is waiting");
        assertThatThrownBy(() -> personas.run(ADMIN, () -> identity.dismissSsoLinkRequest(local.id())))
                .isInstanceOf(NotFoundException.class);
        assertThatThrownBy(() -> accounts.provisionFromIdentityProvider(claims(subject, local.username(), "Quinn")))
                .as("a dismissed request signs no one in").isInstanceOf(SsoSignInRefused.class);
        assertThat(personas.call(ADMIN, () -> identity.get(local.id())).ssoLinkRequest().attempts()).isEqualTo(1);
    }

    @Test
    void a_service_account_a_disabled_account_an_account_already_linked_and_a_subject_taken_are_not_linked() {
        // a pipeline's account
        String pipeline = "sso-link-pipe-" + UUID.randomUUID().toString().substring(0, 8);
        personas.call(ADMIN, () -> tokens.create(new TokenRequest(pipeline, credit, LocalDate.now().plusDays(3), true)));
        UserSummary service = personas.call(ADMIN, () -> identity.list("svc." + pipeline, org.springframework.data.domain.PageRequest.of(0, 1)))
                .getContent().getFirst();
        assertThat(service.origin()).isEqualTo("SERVICE");
        refuse(service.username(), "kc-" + UUID.randomUUID());
        assertRefused(service, "service (pipeline) account");

        // a disabled account
        UserSummary rita = localAccount("rita");
        UserSummary disabled = personas.call(ADMIN, () -> {
            UserSummary read = identity.get(rita.id());
            return identity.update(read.id(), read.displayName(), read.roles(), false, read.version());
        });
        refuse(disabled.username(), "kc-" + UUID.randomUUID());
        assertRefused(disabled, "is disabled");

        // an account that signs in with single sign-on already, as another person of the identity provider; and a subject
        // that already signs in as another account (the same person tried under another name first: one person, two names)
        UserSummary sso = localAccount("sara");
        UserSummary other = localAccount("tess");
        String saraSubject = "kc-" + UUID.randomUUID();
        refuse(other.username(), saraSubject);
        refuse(sso.username(), saraSubject);
        personas.call(ADMIN, () -> identity.linkToSingleSignOn(sso.id(), saraSubject));
        refuse(sso.username(), "kc-" + UUID.randomUUID());
        assertRefused(sso, "already linked");
        assertThat(jdbc.queryForObject("select external_subject from app_user where id = ?", String.class, sso.id()))
                .as("still the first person's").isEqualTo(saraSubject);
        assertRefused(other, "already signs in as " + sso.username());
        assertThat(accounts.provisionFromIdentityProvider(claims(saraSubject, sso.username(), "Sara")).userId())
                .as("the subject still signs in as the account it is linked to").isEqualTo(sso.id());
    }

    private void assertRefused(UserSummary account, String why) {
        String sql = "select origin, external_subject, password_hash from app_user where id = ?";
        Map<String, Object> before = jdbc.queryForMap(sql, account.id());
        assertThatThrownBy(() -> personas.call(ADMIN, () -> identity.linkToSingleSignOn(account.id(), null)))
                .isInstanceOf(SsoLinkRefused.class).hasMessageContaining(why);
        assertThat(jdbc.queryForMap(sql, account.id())).as(account.username() + " unchanged").isEqualTo(before);
        assertThat(personas.call(ADMIN, () -> identity.get(account.id())).ssoLinkRequest()).as("the request stays for dismissal")
                .isNotNull();
        String admin = tokenOf(ADMIN);
        Api.Response response = api.post("/api/v1/users/" + account.id() + "/sso-link", admin, "{}");
        assertThat(response.status()).as(response.toString()).isEqualTo(409);
        assertThat(response.json().get("detail").asString()).contains(why);
        assertThat(jdbc.queryForMap(sql, account.id())).isEqualTo(before);
    }

    private UserSummary localAccount(String name) {
        String username = name + "." + UUID.randomUUID().toString().substring(0, 8);
        return personas.call(ADMIN, () -> identity.createLocalUser(new NewLocalUser(username, name + " Local",
                username + "@bank.example", PASSWORD, Set.of(Role.DATA_SCIENTIST))));
    }

    private void refuse(String username, String subject) {
        assertThatThrownBy(() -> accounts.provisionFromIdentityProvider(claims(subject, username, "Someone " + username)))
                .isInstanceOf(SsoSignInRefused.class);
    }

    private static IdentityClaims claims(String subject, String username, String displayName) {
        return new IdentityClaims(subject, username, displayName, username + "@idp.example", Set.of(Role.DATA_SCIENTIST),
                Map.of("CREDIT", AreaRole.DATA_SCIENTIST));
    }

    private int noticesAbout(String username) {
        return jdbc.queryForObject("select count(*) from notification where topic = 'identity.sso-link-requested' and subject like ?",
                Integer.class, "% " + username + " %");
    }

    private int admins() {
        return jdbc.queryForObject("select count(distinct u.id) from app_user u join user_role r on r.user_id = u.id "
                + "where r.role = 'ADMIN' and u.enabled = true", Integer.class);
    }

    private String tokenOf(String who) {
        return personas.call(who, () -> tokens.create(new TokenRequest("sso-link " + UUID.randomUUID().toString().substring(0, 8),
                null, LocalDate.now().plusDays(3), false))).secret();
    }
}
