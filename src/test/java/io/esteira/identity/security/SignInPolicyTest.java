package io.esteira.identity.security;

import static org.assertj.core.api.Assertions.assertThat;

import io.esteira.identity.security.SignInPolicy.Counter;
import io.esteira.identity.security.SignInPolicy.Limits;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class SignInPolicyTest {

    private static final Limits ACCOUNT = new Limits(3, 5, Duration.ofMinutes(15), Duration.ofMinutes(15), Duration.ofSeconds(1),
            Duration.ofMinutes(1));
    private static final Instant T0 = Instant.parse("2026-12-06T10:00:00Z");

    @Test
    void the_first_failures_cost_nothing_then_each_wait_doubles_and_the_fifth_locks_for_fifteen_minutes() {
        Counter c = Counter.NONE;
        c = SignInPolicy.attempt(c, ACCOUNT, T0);
        c = SignInPolicy.attempt(c, ACCOUNT, T0.plusSeconds(1));
        assertThat(SignInPolicy.refusedUntil(c, T0.plusSeconds(1))).isEmpty();
        c = SignInPolicy.attempt(c, ACCOUNT, T0.plusSeconds(2));
        assertThat(SignInPolicy.refusedUntil(c, T0.plusSeconds(2))).hasValue(T0.plusSeconds(3));
        c = SignInPolicy.attempt(c, ACCOUNT, T0.plusSeconds(3));
        assertThat(SignInPolicy.refusedUntil(c, T0.plusSeconds(3))).hasValue(T0.plusSeconds(5));
        c = SignInPolicy.attempt(c, ACCOUNT, T0.plusSeconds(5));
        assertThat(c.lockedAt(T0.plusSeconds(5))).isTrue();
        assertThat(SignInPolicy.refusedUntil(c, T0.plusSeconds(5 + 14 * 60))).hasValue(T0.plusSeconds(5 + 15 * 60));
        assertThat(SignInPolicy.refusedUntil(c, T0.plusSeconds(5 + 15 * 60))).as("the lock is over").isEmpty();
    }

    @Test
    void after_a_lock_ends_counting_starts_again_and_a_quiet_window_forgets_the_failures() {
        Counter locked = new Counter(5, T0, T0.plus(Duration.ofMinutes(15)), T0.plus(Duration.ofMinutes(15)));
        Counter after = SignInPolicy.attempt(locked, ACCOUNT, T0.plus(Duration.ofMinutes(16)));
        assertThat(after.failures()).isEqualTo(1);
        assertThat(after.lockedUntil()).isNull();

        Counter two = new Counter(2, T0, null, null);
        assertThat(SignInPolicy.attempt(two, ACCOUNT, T0.plus(Duration.ofMinutes(14))).failures()).isEqualTo(3);
        assertThat(SignInPolicy.attempt(two, ACCOUNT, T0.plus(Duration.ofMinutes(15))).failures()).isEqualTo(1);
    }

    @Test
    void waits_never_exceed_the_maximum() {
        assertThat(SignInPolicy.delay(0, ACCOUNT)).isEqualTo(Duration.ofSeconds(1));
        assertThat(SignInPolicy.delay(5, ACCOUNT)).isEqualTo(Duration.ofSeconds(32));
        assertThat(SignInPolicy.delay(6, ACCOUNT)).isEqualTo(Duration.ofMinutes(1));
        assertThat(SignInPolicy.delay(1_000, ACCOUNT)).isEqualTo(Duration.ofMinutes(1));
    }

    @Test
    void a_success_takes_back_only_its_own_attempt() {
        Counter three = new Counter(3, T0, T0.plusSeconds(1), null);
        Counter after = SignInPolicy.succeeded(three);
        assertThat(after.failures()).isEqualTo(2);
        assertThat(after.notBefore()).as("no wait after a success").isNull();
        assertThat(SignInPolicy.succeeded(new Counter(1, T0, null, null))).isEqualTo(Counter.NONE);
    }

    @Test
    void a_name_and_an_address_have_keys_of_bounded_length_whatever_is_typed() {
        assertThat(SignInThrottle.accountKey("  DS.Credit ")).isEqualTo("account:ds.credit");
        assertThat(SignInThrottle.accountKey("x".repeat(10_000))).hasSizeLessThan(300).startsWith("account#");
        assertThat(SignInThrottle.addressKey("203.0.113.9")).isEqualTo("address:203.0.113.9");
    }

    @Test
    void the_portal_policy_names_the_identity_provider_as_a_place_forms_may_go() {
        IdentityProperties sso = new IdentityProperties("https://idp.bank.example:8443/realms/esteira", "esteira-portal", null, "roles",
                "areas", "preferred_username", null);
        assertThat(BrowserPolicy.portal(sso)).contains("form-action 'self' https://idp.bank.example:8443;")
                .doesNotContain("realms");
    }
}
