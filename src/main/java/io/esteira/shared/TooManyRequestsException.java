package io.esteira.shared;

import java.time.Duration;

/** The caller already runs as many of these operations as one person may at once: try again shortly (HTTP 429, Retry-After). */
public class TooManyRequestsException extends RuntimeException {

    private final Duration retryAfter;

    public TooManyRequestsException(String message, Duration retryAfter) {
        super(message);
        this.retryAfter = retryAfter;
    }

    public Duration retryAfter() {
        return retryAfter;
    }
}
