package io.esteira.monitoring.web;

import io.esteira.deployments.DeploymentService;
import io.esteira.monitoring.DriftResults;
import io.esteira.monitoring.Granularity;
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
class DriftController {

    private final DriftResults drift;
    private final DeploymentService deployments;
    private final Clock clock;

    DriftController(DriftResults drift, DeploymentService deployments, Clock clock) {
        this.clock = clock;
        this.drift = drift;
        this.deployments = deployments;
    }

    @GetMapping("/api/v1/deployments/{name}/drift/segments")
    @Operation(summary = "The segments (feature=value of the monitor's segment features) with drift rows in the window, the last 7 "
            + "days unless from/to say otherwise; read one with /drift?segment=")
    List<String> segments(@PathVariable String name, @RequestParam(required = false) UUID area,
            @RequestParam(required = false) UUID release, @RequestParam(defaultValue = "HOUR") Granularity granularity,
            @RequestParam(required = false) Instant from, @RequestParam(required = false) Instant to) {
        Instant until = to == null ? clock.instant() : to;
        return drift.segments(releaseOf(name, area, release), granularity, from == null ? until.minus(Duration.ofDays(7)) : from, until);
    }

    @GetMapping("/api/v1/deployments/{name}/drift")
    @Operation(summary = "Drift of a release's input features against its training baseline, per window (HOUR or DAY), with how each "
            + "row was computed; column '*' is the dataset drift. The stable live release unless ?release=<id> names another "
            + "(a canary, an earlier one); the last 7 days unless from/to say otherwise (at most 400 days). ?segment=feature=value "
            + "(e.g. channel=online, or channel=(other) for the values beyond the 20 most frequent in training) reads a segment of the "
            + "monitor's segment features instead of all traffic")
    List<DriftResults.Drift> drift(@PathVariable String name, @RequestParam(required = false) UUID area,
            @RequestParam(required = false) UUID release, @RequestParam(defaultValue = "HOUR") Granularity granularity,
            @RequestParam(required = false) Instant from, @RequestParam(required = false) Instant to,
            @RequestParam(required = false) String segment) {
        UUID releaseId = releaseOf(name, area, release);
        Instant until = to == null ? clock.instant() : to;
        return drift.of(releaseId, granularity, from == null ? until.minus(Duration.ofDays(7)) : from, until,
                segment == null ? io.esteira.monitoring.LiveProfiles.ALL : segment);
    }

    private UUID releaseOf(String name, UUID area, UUID release) {
        return Releases.of(deployments, name, area, release);
    }
}
