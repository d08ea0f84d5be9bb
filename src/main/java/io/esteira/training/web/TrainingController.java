package io.esteira.training.web;

import io.esteira.shared.web.IfMatch;
import io.esteira.shared.web.SortableBy;
import io.esteira.training.TrainingEstimate;
import io.esteira.training.TrainingJobDraft;
import io.esteira.training.TrainingJobView;
import io.esteira.training.TrainingRunView;
import io.esteira.training.TrainingService;
import io.esteira.workspaces.SizeOption;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import java.net.URI;
import java.util.List;
import java.util.UUID;
import org.springframework.data.domain.Page;
import org.springframework.data.domain.Pageable;
import org.springframework.data.web.PageableDefault;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api/v1/training")
@Tag(name = "Training", description = "Training jobs of an area and their runs: queued, run on one node, metered, registered as model versions")
class TrainingController {

    private final TrainingService training;

    TrainingController(TrainingService training) {
        this.training = training;
    }

    @GetMapping("/jobs")
    @Operation(summary = "The area's training jobs, by name")
    Page<TrainingJobView> jobs(@RequestParam UUID area, @RequestParam(required = false) String q,
            @SortableBy({"name", "createdAt", "updatedAt"}) @PageableDefault(size = 50) Pageable pageable) {
        return training.jobs(area, q, pageable);
    }

    @PostMapping("/jobs")
    @Operation(summary = "Create a job: the model, the source and entrypoint (inside it), the size and the training set are checked; nothing is stored when one is wrong")
    ResponseEntity<TrainingJobView> create(@Valid @RequestBody TrainingJobDraft draft) {
        TrainingJobView view = training.create(draft);
        return ResponseEntity.created(URI.create("/api/v1/training/jobs/" + view.id())).eTag("\"" + view.version() + "\"").body(view);
    }

    @GetMapping("/jobs/{id}")
    ResponseEntity<TrainingJobView> job(@PathVariable UUID id) {
        TrainingJobView view = training.job(id);
        return ResponseEntity.ok().eTag("\"" + view.version() + "\"").body(view);
    }

    @PutMapping("/jobs/{id}")
    @Operation(summary = "Change a job (its area and name stay): send the version you read as If-Match; 409 when it changed meanwhile")
    TrainingJobView update(@PathVariable UUID id, @RequestHeader(value = "If-Match", required = false) String ifMatch,
            @Valid @RequestBody TrainingJobDraft draft) {
        return training.update(id, draft, IfMatch.version(ifMatch, "training job"));
    }

    @DeleteMapping("/jobs/{id}")
    @Operation(summary = "Delete a job with no run under way; its runs stay")
    ResponseEntity<Void> delete(@PathVariable UUID id) {
        training.delete(id);
        return ResponseEntity.noContent().build();
    }

    @GetMapping("/jobs/{id}/estimate")
    @Operation(summary = "What a run costs at most before it starts (its size for its maximum run time), by the function that bills it")
    TrainingEstimate estimate(@PathVariable UUID id) {
        return training.estimate(id);
    }

    @GetMapping("/jobs/{id}/runs")
    Page<TrainingRunView> runs(@PathVariable UUID id, @SortableBy({"number"}) @PageableDefault(size = 50) Pageable pageable) {
        return training.runs(id, pageable);
    }

    @PostMapping("/jobs/{id}/runs")
    @Operation(summary = "Start a run: it is queued and one node takes it; 202 with the run")
    ResponseEntity<TrainingRunView> start(@PathVariable UUID id) {
        TrainingRunView run = training.start(id);
        return ResponseEntity.accepted().location(URI.create("/api/v1/training/runs/" + run.id())).body(run);
    }

    @GetMapping("/runs")
    @Operation(summary = "The area's runs of every job, newest first")
    Page<TrainingRunView> areaRuns(@RequestParam UUID area, @SortableBy({"queuedAt"}) @PageableDefault(size = 50) Pageable pageable) {
        return training.areaRuns(area, pageable);
    }

    @GetMapping("/runs/{id}")
    TrainingRunView run(@PathVariable UUID id) {
        return training.run(id);
    }

    @PostMapping("/runs/{id}/cancel")
    @Operation(summary = "Cancel a run: a queued one at once; a started one is stopped by its node and ends as cancelled")
    TrainingRunView cancel(@PathVariable UUID id) {
        return training.cancel(id);
    }

    @GetMapping(value = "/runs/{id}/log", produces = MediaType.TEXT_PLAIN_VALUE)
    @Operation(summary = "The run's log (the job's stdout and stderr and the portal's steps), its last maxBytes (default 64 KiB, at most 1 MiB), also while it runs")
    String log(@PathVariable UUID id, @RequestParam(defaultValue = "65536") int maxBytes) {
        return training.log(id, maxBytes);
    }

    @GetMapping("/sizes")
    @Operation(summary = "The sizes a job may pick: the workspaces' catalogue")
    List<SizeOption> sizes() {
        return training.sizes();
    }
}
