package io.esteira.shared;

import java.time.Duration;

/**
 * The caller already runs as many of these operations as one person may at once: try again shortly.
 * The API answers 429 with Retry-After; screens show the message where they show any refused input
 * (it is an {@link InvalidRequestException} of the field {@code request}).
 */
public class TooManyRequestsException extends InvalidRequestException {

    private final Duration retryAfter;

    public TooManyRequestsException(String message, Duration retryAfter) {
        super("request", message);
        this.retryAfter = retryAfter;
    }

    public Duration retryAfter() {
        return retryAfter;
    }
}
