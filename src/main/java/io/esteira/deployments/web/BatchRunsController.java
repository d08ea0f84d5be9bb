package io.esteira.deployments.web;

import io.esteira.deployments.DeploymentService;
import io.esteira.deployments.batch.BatchDeployments;
import io.esteira.scheduling.RunView;
import io.esteira.scheduling.ScheduleView;
import io.esteira.shared.NotFoundException;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.UUID;
import org.springframework.data.domain.Page;
import org.springframework.data.domain.Pageable;
import org.springframework.data.web.PageableDefault;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** The schedule and runs of batch deployments: each run scores the input with the live release and replaces the output table. */
@RestController
@RequestMapping("/api/v1/deployments")
@Tag(name = "Deployments")
class BatchRunsController {

    private final BatchDeployments batch;
    private final DeploymentService deployments;

    BatchRunsController(BatchDeployments batch, DeploymentService deployments) {
        this.batch = batch;
        this.deployments = deployments;
    }

    @GetMapping("/releases/{id}/runs")
    @Operation(summary = "The runs of a batch deployment (shared by its releases), newest first: rows read and written, outcome and log, "
            + "which names the version that scored")
    Page<RunView> runs(@PathVariable UUID id, @PageableDefault(size = 50) Pageable pageable) {
        return batch.runs(id, pageable);
    }

    @GetMapping("/{name}/runs")
    @Operation(summary = "The runs of a batch deployment by name, newest first; ?area=<id> when several of the caller's areas have one of that name")
    Page<RunView> runsByName(@PathVariable String name, @RequestParam(required = false) UUID area,
            @PageableDefault(size = 50) Pageable pageable) {
        return batch.runs(deployments.get(name, area).id(), pageable);
    }

    @GetMapping("/releases/{id}/schedule")
    @Operation(summary = "The schedule of a batch deployment: when it runs, its next fire times, paused or active")
    ScheduleView schedule(@PathVariable UUID id) {
        return batch.schedule(id).orElseThrow(() -> new NotFoundException("schedule of deployment", id));
    }

    @PostMapping("/releases/{id}/run")
    @Operation(summary = "Run a batch deployment now, in the background, with its live release; answers 202 with the run")
    ResponseEntity<RunView> runNow(@PathVariable UUID id) {
        return ResponseEntity.accepted().body(batch.runNow(id));
    }
}
