package io.esteira.identity;

import io.esteira.identity.IdentityEvents.SsoLinkRequested;
import io.esteira.identity.domain.SsoLinkRequest;
import io.esteira.identity.domain.SsoLinkRequests;
import io.esteira.identity.domain.User;
import io.esteira.shared.Trace;
import java.time.Clock;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * Remembers a single sign-on refused because its name is an existing account, as a request to link that account, in
 * a transaction of its own (the sign-in itself is refused and rolled back). The administrators are told of a new request
 * ({@link SsoLinkRequested}); the same person trying again only brings the request up to date.
 */
@Component
class PendingSsoLinks {

    private static final int MAX_NAME = 200;
    private static final int MAX_EMAIL = 320;

    private final SsoLinkRequests requests;
    private final Clock clock;
    private final ApplicationEventPublisher events;

    PendingSsoLinks(SsoLinkRequests requests, Clock clock, ApplicationEventPublisher events) {
        this.requests = requests;
        this.clock = clock;
        this.events = events;
    }

    @Transactional(propagation = Propagation.REQUIRES_NEW)
    public void remember(User account, Accounts.IdentityClaims claims, Trace trace) {
        String displayName = cut(claims.displayName(), MAX_NAME);
        String email = cut(claims.email(), MAX_EMAIL);
        SsoLinkRequest request = requests.findById(account.getId()).orElse(null);
        boolean isNew;
        if (request == null) {
            requests.save(new SsoLinkRequest(account.getId(), claims.subject(), displayName, email, clock.instant()));
            isNew = true;
        } else {
            isNew = request.triedAgain(claims.subject(), displayName, email, clock.instant());
        }
        requests.flush();
        if (isNew) {
            events.publishEvent(new SsoLinkRequested(account.getId(), account.getUsername(), claims.subject(), displayName, trace));
        }
    }

    private static String cut(String text, int max) {
        if (text == null || text.isBlank()) {
            return null;
        }
        String line = text.replaceAll("\\p{Cntrl}", " ").strip();
        return line.length() > max ? line.substring(0, max) : line;
    }
}
