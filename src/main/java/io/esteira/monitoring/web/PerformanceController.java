package io.esteira.monitoring.web;

import io.esteira.deployments.DeploymentService;
import io.esteira.monitoring.Granularity;
import io.esteira.monitoring.PerformanceResults;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
@Tag(name = "Monitoring")
class PerformanceController {

    private final PerformanceResults performance;
    private final DeploymentService deployments;
    private final Clock clock;

    PerformanceController(PerformanceResults performance, DeploymentService deployments, Clock clock) {
        this.clock = clock;
        this.performance = performance;
        this.deployments = deployments;
    }

    @GetMapping("/api/v1/deployments/{name}/performance")
    @Operation(summary = "Performance of a release per window (HOUR or DAY): predicted and labelled rows, label coverage, maturity "
            + "(IMMATURE until the monitor's coverage threshold or maturity delay), realised metrics once mature over the n labelled "
            + "rows with scores (labelledRowsWithScores: labelled rows whose outputs the prediction log kept), and for classifiers "
            + "the estimate (CBPE from the score sketch, estimated*) always; with how each row was computed. The stable live release "
            + "unless ?release=<id> names another; the last 7 days unless from/to say otherwise (at most 400 days). ?segment=feature=value "
            + "(e.g. channel=online, channel=(other), channel=(missing)) reads a segment of the monitor's segment features: its realised "
            + "metrics and estimate need the monitor's minimum rows, else the row says insufficient data")
    List<PerformanceResults.Performance> performance(@PathVariable String name, @RequestParam(required = false) UUID area,
            @RequestParam(required = false) UUID release, @RequestParam(defaultValue = "DAY") Granularity granularity,
            @RequestParam(required = false) Instant from, @RequestParam(required = false) Instant to,
            @RequestParam(required = false) String segment) {
        UUID releaseId = Releases.of(deployments, name, area, release);
        Instant until = to == null ? clock.instant() : to;
        return performance.series(releaseId, granularity, from == null ? until.minus(Duration.ofDays(7)) : from, until,
                segment == null ? io.esteira.monitoring.LiveProfiles.ALL : segment);
    }
}
