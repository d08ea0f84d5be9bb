package io.esteira.identity.security;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How the sign-in form of local accounts resists guessing ({@code esteira.identity.sign-in.*}).
 * Failures are counted per user name as typed (whether or not such an account exists, so that the
 * answer never tells) and per client address; after {@code *-delay-after} failures each further attempt
 * must wait {@code base-delay}, doubled at every failure up to {@code max-delay}; after {@code *-lock-after}
 * failures the name or address is locked for {@code lock-duration}. Failures are forgotten after
 * {@code window} without one. {@code burst-threshold} failures of all names within {@code burst-window}
 * alert the administrators, and so does every lock, at most {@code max-alerts-per-burst-window} times per window.
 */
@ConfigurationProperties("esteira.identity.sign-in")
public record SignInProperties(
        @DefaultValue("3") int accountDelayAfter,
        @DefaultValue("5") int accountLockAfter,
        @DefaultValue("10") int addressDelayAfter,
        @DefaultValue("30") int addressLockAfter,
        @DefaultValue("PT15M") Duration lockDuration,
        @DefaultValue("PT15M") Duration window,
        @DefaultValue("PT1S") Duration baseDelay,
        @DefaultValue("PT1M") Duration maxDelay,
        @DefaultValue("50") int burstThreshold,
        @DefaultValue("PT5M") Duration burstWindow,
        @DefaultValue("10") int maxAlertsPerBurstWindow) {

    SignInPolicy.Limits accountLimits() {
        return new SignInPolicy.Limits(accountDelayAfter, accountLockAfter, lockDuration, window, baseDelay, maxDelay);
    }

    SignInPolicy.Limits addressLimits() {
        return new SignInPolicy.Limits(addressDelayAfter, addressLockAfter, lockDuration, window, baseDelay, maxDelay);
    }
}
