package io.esteira.deployments;

import java.time.Instant;

/**
 * How a release serves: calls so far, and over the last five minutes calls per minute, the p95
 * latency of successful calls in milliseconds (null without any) and the share of calls that
 * failed (null without any call).
 */
public record ServingFigures(long calls, double callsPerMinute, Double p95Millis, Double errorRate, Instant lastCall) {

    public static final ServingFigures NONE = new ServingFigures(0, 0, null, null, null);
}
