package io.esteira.shared;

import io.esteira.shared.security.ActorType;
import io.esteira.shared.security.CurrentUser;
import io.esteira.shared.security.SignedInUser;
import java.time.Clock;
import java.time.Instant;
import org.slf4j.MDC;

/**
 * Who did something, from where and when. Captured on the thread that made the change, because the
 * audit log records it later, on another thread.
 */
public record Trace(String actor, ActorType actorType, String clientAddress, String correlationId, Instant at) {

    public static final String MDC_CORRELATION_ID = "correlationId";
    public static final String MDC_CLIENT_ADDRESS = "clientAddress";

    public static Trace capture(Clock clock) {
        return CurrentUser.get()
                .map(user -> of(user, clock))
                .orElseGet(() -> anonymous(null, clock));
    }

    public static Trace of(SignedInUser user, Clock clock) {
        return new Trace(user.actorName(), user.actorType(), MDC.get(MDC_CLIENT_ADDRESS), MDC.get(MDC_CORRELATION_ID),
                clock.instant());
    }

    /** A person who is not (yet) signed in, e.g. a failed sign-in for the given user name. */
    public static Trace anonymous(String claimedName, Clock clock) {
        return new Trace(claimedName == null || claimedName.isBlank() ? "anonymous" : claimedName, ActorType.ANONYMOUS,
                MDC.get(MDC_CLIENT_ADDRESS), MDC.get(MDC_CORRELATION_ID), clock.instant());
    }

    public static Trace system(Clock clock) {
        return new Trace("system", ActorType.SYSTEM, null, MDC.get(MDC_CORRELATION_ID), clock.instant());
    }
}
