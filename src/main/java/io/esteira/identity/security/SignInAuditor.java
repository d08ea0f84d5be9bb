package io.esteira.identity.security;

import io.esteira.identity.IdentityEvents.AccessDenied;
import io.esteira.identity.IdentityEvents.SignInFailed;
import io.esteira.identity.IdentityEvents.SignedIn;
import io.esteira.identity.IdentityEvents.SignedOut;
import io.esteira.identity.domain.Users;
import io.esteira.shared.Trace;
import io.esteira.shared.security.CurrentUser;
import io.esteira.shared.web.AccessDeniedRecorder;
import java.time.Clock;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.event.EventListener;
import org.springframework.security.authentication.event.AbstractAuthenticationFailureEvent;
import org.springframework.security.authentication.event.InteractiveAuthenticationSuccessEvent;
import org.springframework.security.authentication.event.LogoutSuccessEvent;
import org.springframework.security.oauth2.client.authentication.OAuth2LoginAuthenticationToken;
import org.springframework.security.oauth2.client.authentication.OAuth2AuthenticationToken;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Turns Spring Security's sign-in, sign-out and refusal signals into the portal's own events, each
 * inside a transaction so that the event publication registry keeps them until the audit log has them.
 */
@Component
class SignInAuditor implements AccessDeniedRecorder {

    private final ApplicationEventPublisher events;
    private final TransactionTemplate transactions;
    private final Users users;
    private final Clock clock;

    SignInAuditor(ApplicationEventPublisher events, TransactionTemplate transactions, Users users, Clock clock) {
        this.clock = clock;
        this.events = events;
        this.transactions = transactions;
        this.users = users;
    }

    @EventListener
    void on(InteractiveAuthenticationSuccessEvent event) {
        CurrentUser.from(event.getAuthentication()).ifPresent(user -> transactions.executeWithoutResult(tx -> {
            users.findById(user.userId()).ifPresent(u -> u.signedIn(clock.instant()));
            String method = event.getAuthentication() instanceof OAuth2AuthenticationToken
                    || event.getAuthentication() instanceof OAuth2LoginAuthenticationToken ? "sso" : "password";
            events.publishEvent(new SignedIn(user.userId(), user.username(), method, Trace.of(user, clock)));
        }));
    }

    @EventListener
    void on(AbstractAuthenticationFailureEvent event) {
        if (event.getAuthentication() instanceof org.springframework.security.oauth2.server.resource.authentication.BearerTokenAuthenticationToken) {
            return; // recorded by BearerAuthentication, without the secret
        }
        if (event.getAuthentication() instanceof OAuth2LoginAuthenticationToken
                || event.getAuthentication() instanceof org.springframework.security.oauth2.client.authentication.OAuth2AuthorizationCodeAuthenticationToken) {
            return; // recorded by SsoFailureHandler, with the reason
        }
        failed(Trace.anonymous(event.getAuthentication().getName(), clock), event.getException().getMessage());
    }

    @EventListener
    void on(LogoutSuccessEvent event) {
        CurrentUser.from(event.getAuthentication()).ifPresent(user -> transactions.executeWithoutResult(
                tx -> events.publishEvent(new SignedOut(user.userId(), user.username(), Trace.of(user, clock)))));
    }

    void failed(Trace trace, String reason) {
        transactions.executeWithoutResult(tx -> events.publishEvent(new SignInFailed(trace.actor(), reason, trace)));
    }

    @Override
    public void denied(String channel, String what) {
        Trace trace = CurrentUser.get().map(u -> Trace.of(u, clock)).orElseGet(() -> Trace.anonymous(null, clock));
        transactions.executeWithoutResult(tx -> events.publishEvent(new AccessDenied(channel, what, trace)));
    }

}
