package io.esteira.monitoring;

import java.time.Instant;
import java.util.List;

/** The operational metric rows of a deployment's releases in {@code [from, to)}, by release and bucket. */
public record OperationalSeries(String deployment, Granularity granularity, Instant from, Instant to, List<OperationalPoint> points) {
}
