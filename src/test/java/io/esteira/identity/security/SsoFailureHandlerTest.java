package io.esteira.identity.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.contains;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.verify;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.esteira.identity.SsoSignInRefused;
import io.esteira.identity.SsoSignInRefused.Reason;
import io.esteira.shared.Trace;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.mockito.ArgumentCaptor;
import org.slf4j.LoggerFactory;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2Error;

class SsoFailureHandlerTest {

    private final SignInAuditor auditor = mock(SignInAuditor.class);
    private final SsoFailureHandler handler = new SsoFailureHandler(auditor, java.time.Clock.systemUTC());
    private final Logger logger = (Logger) LoggerFactory.getLogger(SsoFailureHandler.class);
    private final ListAppender<ILoggingEvent> logged = new ListAppender<>();

    @BeforeEach
    void listen() {
        logged.start();
        logger.addAppender(logged);
    }

    @AfterEach
    void stopListening() {
        logger.detachAppender(logged);
    }

    @Test
    void a_realm_user_named_like_a_local_account_is_logged_audited_and_told_what_to_ask() throws Exception {
        var refused = new SsoSignInRefused(Reason.NAME_IS_LOCAL_ACCOUNT, "ds.credit",
                "the name ds.credit is already a local account (not linked to subject s-1); an administrator must link it to single sign-on");
        MockHttpServletResponse response = fail(new OAuth2AuthenticationException(
                new OAuth2Error("account_refused", refused.getMessage(), null), refused));

        assertThat(response.getRedirectedUrl()).isEqualTo("/login?sso-error=name-is-local-account");
        ArgumentCaptor<Trace> trace = ArgumentCaptor.forClass(Trace.class);
        verify(auditor).failed(trace.capture(), contains("name-is-local-account: the name ds.credit is already a local account"));
        assertThat(trace.getValue().actor()).isEqualTo("ds.credit");
        assertThat(logged.list).singleElement().satisfies(line -> {
            assertThat(line.getLevel()).isEqualTo(Level.WARN);
            assertThat(line.getFormattedMessage()).contains("ds.credit", "name-is-local-account", "already a local account");
        });
    }

    @Test
    void a_disabled_account_is_told_to_ask_for_it_to_be_enabled() throws Exception {
        var refused = new SsoSignInRefused(Reason.ACCOUNT_DISABLED, "ds.fraud", "the account ds.fraud is disabled in the portal");
        MockHttpServletResponse response = fail(new OAuth2AuthenticationException(new OAuth2Error("account_refused"), refused));

        assertThat(response.getRedirectedUrl()).isEqualTo("/login?sso-error=account-disabled");
        verify(auditor).failed(any(), contains("account-disabled"));
        assertThat(Reason.ofCode("account-disabled").advice()).contains("disabled", "administrator");
    }

    @Test
    void an_error_from_the_identity_provider_is_logged_on_one_line_and_the_page_gets_only_a_known_code() throws Exception {
        MockHttpServletResponse response = fail(new OAuth2AuthenticationException(
                new OAuth2Error("access_denied", "cancelled\r\nINFO forged log line", null)));

        assertThat(response.getRedirectedUrl()).isEqualTo("/login?sso-error=identity-provider");
        verify(auditor).failed(any(), eq("single sign-on refused: identity-provider: access_denied (cancelled  INFO forged log line)"));
        assertThat(logged.list).singleElement().satisfies(line -> {
            assertThat(line.getLevel()).isEqualTo(Level.WARN);
            assertThat(line.getFormattedMessage()).contains("an unknown person", "access_denied").doesNotContain("\n", "\r");
        });
    }

    @Test
    void the_sign_in_page_reads_only_known_codes() {
        assertThat(Reason.ofCode("name-is-local-account").advice())
                .isEqualTo("Your single sign-on name matches a local account of the portal. "
                        + "Ask a platform administrator to link that account to your single sign-on (Users → Link to single sign-on).");
        assertThat(Reason.ofCode("<script>")).isEqualTo(Reason.IDENTITY_PROVIDER);
        assertThat(Reason.ofCode("")).isEqualTo(Reason.IDENTITY_PROVIDER);
        assertThat(Reason.ofCode(null)).isEqualTo(Reason.IDENTITY_PROVIDER);
    }

    private MockHttpServletResponse fail(OAuth2AuthenticationException exception) throws Exception {
        MockHttpServletResponse response = new MockHttpServletResponse();
        handler.onAuthenticationFailure(new MockHttpServletRequest("GET", "/login/oauth2/code/sso"), response, exception);
        return response;
    }
}
