package io.esteira.identity.security;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * The arithmetic of sign-in throttling, without storage: what a subject's (an account's or an
 * address's) failure counter becomes after one more attempt, and until when it must wait.
 */
final class SignInPolicy {

    private SignInPolicy() {
    }

    /**
     * @param delayAfter failures after which each further attempt waits, longer every time
     * @param lockAfter  failures after which the subject is locked for {@code lockFor}
     * @param window     failures are forgotten after this long without one
     */
    record Limits(int delayAfter, int lockAfter, Duration lockFor, Duration window, Duration baseDelay, Duration maxDelay) {
    }

    /**
     * A subject's counter: {@code failures} since the window began, the last one at {@code lastFailureAt};
     * no attempt before {@code notBefore} (a delay or a lock); locked until {@code lockedUntil}.
     */
    record Counter(int failures, Instant lastFailureAt, Instant notBefore, Instant lockedUntil) {

        static final Counter NONE = new Counter(0, null, null, null);

        boolean lockedAt(Instant now) {
            return lockedUntil != null && now.isBefore(lockedUntil);
        }
    }

    /** Until when an attempt now is refused (a delay not yet over, or a lock); empty when it may go ahead. */
    static Optional<Instant> refusedUntil(Counter counter, Instant now) {
        return counter != null && counter.notBefore() != null && now.isBefore(counter.notBefore())
                ? Optional.of(counter.notBefore()) : Optional.empty();
    }

    /**
     * The counter after one more attempt that is counted as failed until it succeeds (so that a burst
     * of parallel attempts cannot all slip through before the first failure is recorded).
     */
    static Counter attempt(Counter counter, Limits limits, Instant now) {
        int failures = forgotten(counter, limits, now) ? 1 : counter.failures() + 1;
        if (failures >= limits.lockAfter()) {
            Instant until = now.plus(limits.lockFor());
            return new Counter(failures, now, until, until);
        }
        Instant notBefore = failures >= limits.delayAfter() ? now.plus(delay(failures - limits.delayAfter(), limits)) : null;
        return new Counter(failures, now, notBefore, null);
    }

    /** The counter after an attempt counted by {@link #attempt} succeeded: that attempt no longer counts. */
    static Counter succeeded(Counter counter) {
        if (counter == null || counter.failures() <= 1) {
            return Counter.NONE;
        }
        return new Counter(counter.failures() - 1, counter.lastFailureAt(), counter.lockedUntil(), counter.lockedUntil());
    }

    /** The wait after the {@code n}-th failure past the delay threshold (0-based): base, doubled each time, at most max. */
    static Duration delay(int n, Limits limits) {
        Duration delay = limits.baseDelay();
        for (int i = 0; i < n && delay.compareTo(limits.maxDelay()) < 0; i++) {
            delay = delay.multipliedBy(2);
        }
        return delay.compareTo(limits.maxDelay()) > 0 ? limits.maxDelay() : delay;
    }

    /** No failures, or the last one longer ago than the window, or a lock that is over: counting starts again. */
    static boolean forgotten(Counter counter, Limits limits, Instant now) {
        return counter == null || counter.failures() == 0 || counter.lastFailureAt() == null
                || !now.isBefore(counter.lastFailureAt().plus(limits.window()))
                || (counter.lockedUntil() != null && !now.isBefore(counter.lockedUntil()));
    }

    /** When the row of this counter means nothing any more. */
    static Instant expiresAt(Counter counter, Limits limits) {
        if (counter.lastFailureAt() == null) {
            return Instant.EPOCH;
        }
        Instant end = counter.lastFailureAt().plus(limits.window());
        return counter.lockedUntil() != null && counter.lockedUntil().isAfter(end) ? counter.lockedUntil() : end;
    }
}
