package io.esteira.scheduling.web;

import io.esteira.scheduling.AlertView;
import io.esteira.shared.web.SortableBy;
import io.esteira.scheduling.QueryRows;
import io.esteira.scheduling.RunView;
import io.esteira.scheduling.ScheduleDefinitions;
import io.esteira.scheduling.ScheduleDraft;
import io.esteira.scheduling.SchedulePreviews;
import io.esteira.scheduling.ScheduleQueries;
import io.esteira.scheduling.ScheduleQuote;
import io.esteira.scheduling.ScheduleRunner;
import io.esteira.scheduling.ScheduleView;
import io.esteira.shared.web.IfMatch;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import java.net.URI;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;
import org.springframework.data.domain.Page;
import org.springframework.data.domain.Pageable;
import org.springframework.data.web.PageableDefault;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api/v1/schedules")
@Tag(name = "Schedules", description = "Recurring SQL on the feature store's data sources, its runs and backfills")
class SchedulesController {

    private final ScheduleQueries queries;
    private final ScheduleDefinitions definitions;
    private final SchedulePreviews previews;
    private final ScheduleRunner runner;

    SchedulesController(ScheduleQueries queries, ScheduleDefinitions definitions, SchedulePreviews previews, ScheduleRunner runner) {
        this.queries = queries;
        this.definitions = definitions;
        this.previews = previews;
        this.runner = runner;
    }

    @GetMapping
    Page<ScheduleView> list(
            @SortableBy({"name", "state", "ownerName", "createdAt", "updatedAt"}) @PageableDefault(size = 50) Pageable pageable) {
        return queries.list(pageable);
    }

    @PostMapping
    @Operation(summary = "Create a schedule: the SQL is checked (one read-only SELECT), the cron expression too")
    ResponseEntity<ScheduleView> create(@Valid @RequestBody ScheduleDraft draft) {
        ScheduleView view = definitions.create(draft);
        return ResponseEntity.created(URI.create("/api/v1/schedules/" + view.id())).body(view);
    }

    @GetMapping("/{id}")
    ScheduleView get(@PathVariable UUID id) {
        return queries.get(id);
    }

    @PutMapping("/{id}")
    @Operation(summary = "Change a schedule (its name and area stay): send the version you read as If-Match; 409 when it changed meanwhile")
    ScheduleView update(@PathVariable UUID id, @RequestHeader(value = "If-Match", required = false) String ifMatch,
            @Valid @RequestBody ScheduleDraft draft) {
        return definitions.update(id, draft, IfMatch.version(ifMatch, "schedule"));
    }

    @PostMapping("/preview")
    @Operation(summary = "The first 100 rows of a query as a schedule would run it (checked the same way; run_date today, run_ts now)")
    QueryRows preview(@Valid @RequestBody PreviewRequest request) {
        return previews.preview(request.areaId(), request.sourceId(), request.sql());
    }

    record PreviewRequest(@NotNull(message = "Pick an area") UUID areaId, @NotNull(message = "Pick a data source") UUID sourceId,
            @NotBlank(message = "Write the query") @jakarta.validation.constraints.Size(max = 100_000, message = "At most 100,000 characters") String sql) {
    }

    @GetMapping("/{id}/quote")
    @Operation(summary = "What the schedule costs, by the function that bills its runs (members of its area): the price of one run at "
            + "its expected run time (basis RECENT_RUNS: the average of its last 10 finished runs; TIME_LIMIT while it has none), its "
            + "runs in the next 730 hours and their cost, and what its runs left this month leave of the area's budget, with the area's "
            + "policy for requests over budget")
    ScheduleQuote quote(@PathVariable UUID id) {
        return previews.quote(id);
    }

    @PostMapping("/quote")
    @Operation(summary = "What a schedule would cost before it is created, as GET /{id}/quote answers: the draft as for POST, of which "
            + "areaId, cron, zone, calendar and timeoutSeconds count (each run priced at its time limit)")
    ScheduleQuote quote(@RequestBody ScheduleDraft draft) {
        return previews.quote(draft, null);
    }

    @GetMapping("/{id}/alerts")
    @Operation(summary = "Alerts of a schedule, newest first: runs that failed for good, and runs that missed their deadline")
    Page<AlertView> alerts(@PathVariable UUID id, @PageableDefault(size = 50) Pageable pageable) {
        return queries.alerts(id, pageable);
    }

    @DeleteMapping("/{id}")
    ResponseEntity<Void> delete(@PathVariable UUID id) {
        definitions.delete(id);
        return ResponseEntity.noContent().build();
    }

    @PostMapping("/{id}/pause")
    ScheduleView pause(@PathVariable UUID id) {
        return definitions.pause(id);
    }

    @PostMapping("/{id}/resume")
    ScheduleView resume(@PathVariable UUID id) {
        return definitions.resume(id);
    }

    @PostMapping("/{id}/run")
    @Operation(summary = "Run now, in the background; the run is returned at once")
    ResponseEntity<RunView> runNow(@PathVariable UUID id) {
        return ResponseEntity.accepted().body(runner.runNow(id));
    }

    @GetMapping("/{id}/runs")
    Page<RunView> runs(@PathVariable UUID id, @PageableDefault(size = 50) Pageable pageable) {
        return queries.runs(id, pageable);
    }

    @PostMapping("/runs/{runId}/rerun")
    ResponseEntity<RunView> rerun(@PathVariable UUID runId) {
        return ResponseEntity.accepted().body(runner.rerun(runId));
    }

    @GetMapping("/{id}/backfill")
    @Operation(summary = "Preview a backfill: the fire times between two dates (inclusive) that would each become a run")
    List<Instant> backfillPreview(@PathVariable UUID id, @RequestParam LocalDate from, @RequestParam LocalDate to) {
        return runner.backfillPreview(id, from, to);
    }

    @PostMapping("/{id}/backfill")
    @Operation(summary = "Backfill: one run per fire time between two dates, each with its own run_date, run one after another")
    ResponseEntity<List<RunView>> backfill(@PathVariable UUID id, @RequestParam LocalDate from, @RequestParam LocalDate to) {
        return ResponseEntity.accepted().body(runner.backfill(id, from, to));
    }
}
