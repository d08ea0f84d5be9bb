package io.esteira.identity.security;

import io.esteira.identity.IdentityEvents.SignInBurst;
import io.esteira.identity.IdentityEvents.SignInLocked;
import io.esteira.identity.IdentityEvents.SsoLinkRequested;
import io.esteira.identity.domain.User;
import io.esteira.identity.domain.Users;
import io.esteira.notifications.NotificationRequest;
import io.esteira.notifications.Notifications;
import io.esteira.shared.security.Role;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.modulith.events.ApplicationModuleListener;
import org.springframework.stereotype.Component;

/**
 * Tells every platform administrator (in the portal, and by e-mail when SMTP is configured) of a sign-in
 * lock, of a burst of failed sign-ins, and of a single sign-on waiting to be linked to an existing account (once per
 * request, not per attempt). A listener of the event publication registry: an alert raised
 * just before a node died is still delivered after the restart.
 */
@Component
class SignInAlerts {

    private static final Logger log = LoggerFactory.getLogger(SignInAlerts.class);

    private final Users users;
    private final Notifications notifications;

    SignInAlerts(Users users, Notifications notifications) {
        this.users = users;
        this.notifications = notifications;
    }

    @ApplicationModuleListener
    void on(SignInLocked locked) {
        log.warn("Sign-in locked for {} {} after {} failed attempts, until {} (from {})", locked.kind(), locked.subject(),
                locked.failures(), locked.lockedUntil(), locked.trace().clientAddress());
        if (!locked.alertAdministrators()) {
            return;
        }
        String what = locked.kind().equals("address") ? "the address " + locked.subject() : "the user name " + locked.subject();
        tellAdministrators("identity.sign-in-locked", "Sign-in locked for " + what,
                "After " + locked.failures() + " failed attempts, sign-in for " + what + " is refused until " + locked.lockedUntil()
                        + " (UTC). The last attempt came from " + locked.trace().clientAddress()
                        + ". The audit trail (user.sign-in-failed) has every attempt.",
                Map.of("kind", locked.kind(), "subject", locked.subject(), "failures", locked.failures(),
                        "lockedUntil", locked.lockedUntil().toString()));
    }

    @ApplicationModuleListener
    void on(SignInBurst burst) {
        log.warn("{} failed sign-ins within {}", burst.failures(), burst.within());
        if (!burst.alertAdministrators()) {
            return;
        }
        tellAdministrators("identity.sign-in-burst", burst.failures() + " failed sign-ins within " + burst.within().toMinutes() + " minutes",
                "Someone may be guessing passwords: " + burst.failures() + " sign-ins failed within " + burst.within().toMinutes()
                        + " minutes, the last from " + burst.trace().clientAddress() + ". The audit trail (user.sign-in-failed) has every attempt.",
                Map.of("failures", burst.failures(), "within", burst.within().toString()));
    }

    @ApplicationModuleListener
    void on(SsoLinkRequested requested) {
        String who = requested.displayName() == null ? "Someone" : requested.displayName();
        tellAdministrators("identity.sso-link-requested", "Single sign-on as " + requested.username() + " waits to be linked",
                who + " signed in at the identity provider as " + requested.username() + ", which is already an account of the "
                        + "portal, and was refused. If it is the same person, link the account in Users (Link to single sign-on); "
                        + "otherwise dismiss the request there.",
                "/admin/users", Map.of("userId", requested.userId().toString(), "username", requested.username()));
    }

    private void tellAdministrators(String topic, String subject, String body, Map<String, Object> payload) {
        tellAdministrators(topic, subject, body, "/audit", payload);
    }

    private void tellAdministrators(String topic, String subject, String body, String link, Map<String, Object> payload) {
        for (User admin : users.findEnabledWithRole(Role.ADMIN)) {
            notifications.send(new NotificationRequest(null, admin.getId(), topic, subject, body, link, null, payload));
        }
    }
}
