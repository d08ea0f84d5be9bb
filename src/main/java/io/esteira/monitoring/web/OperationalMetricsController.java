package io.esteira.monitoring.web;

import io.esteira.monitoring.Granularity;
import io.esteira.monitoring.OperationalMetrics;
import io.esteira.monitoring.OperationalSeries;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.time.Instant;
import java.util.UUID;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
@Tag(name = "Monitoring")
class OperationalMetricsController {

    private final OperationalMetrics metrics;

    OperationalMetricsController(OperationalMetrics metrics) {
        this.metrics = metrics;
    }

    @GetMapping("/api/v1/deployments/{name}/metrics")
    @Operation(summary = "Operational metric rows of a deployment's releases (calls, rows, error and invalid rates, latency p50/p95/p99, "
            + "async queue, batch chunks) per MINUTE, HOUR (default) or DAY bucket in [from, to) (ISO-8601, UTC; default: the 150 "
            + "buckets before now), computed ahead every minute, each with how it was computed. At most 1,500 buckets per request.")
    OperationalSeries metrics(@PathVariable String name, @RequestParam(required = false) UUID area,
            @RequestParam(required = false) Granularity granularity, @RequestParam(required = false) Instant from,
            @RequestParam(required = false) Instant to) {
        return metrics.series(name, area, granularity, from, to);
    }
}
