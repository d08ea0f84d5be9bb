package io.esteira.changes.web;

import io.esteira.changes.ChangeActions;
import io.esteira.changes.ChangeApprovals;
import io.esteira.shared.web.SortableBy;
import io.esteira.changes.ChangeQueries;
import io.esteira.changes.ChangeQueueFilter;
import io.esteira.changes.ChangeRequestDraft;
import io.esteira.changes.ChangeRequestView;
import io.esteira.changes.ChangeState;
import io.esteira.changes.ChangeSubmissions;
import io.esteira.changes.ChangeType;
import io.esteira.changes.Environment;
import io.esteira.changes.EvidenceSection;
import io.esteira.changes.HistoryEntry;
import io.esteira.shared.web.IfMatch;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.net.URI;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.springframework.data.domain.Page;
import org.springframework.data.domain.Pageable;
import org.springframework.data.web.PageableDefault;
import org.springframework.http.ResponseEntity;
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
@RequestMapping("/api/v1/change-requests")
@Tag(name = "Change requests", description = "Change requests and their approvals; the type follows from policy, "
        + "and the segregation of duties is enforced (a requester or a subject's author never approves)")
class ChangeRequestsController {

    private final ChangeSubmissions submissions;
    private final ChangeApprovals approvals;
    private final ChangeQueries queries;

    ChangeRequestsController(ChangeSubmissions submissions, ChangeApprovals approvals, ChangeQueries queries) {
        this.submissions = submissions;
        this.approvals = approvals;
        this.queries = queries;
    }

    @PostMapping
    @Operation(summary = "Submit a change request for a subject (e.g. a model version); a standard change is approved by policy at once",
            responses = {@ApiResponse(responseCode = "201", description = "Submitted"),
                    @ApiResponse(responseCode = "400", description = "Invalid fields, an unknown subject type, or an open request for it already"),
                    @ApiResponse(responseCode = "404", description = "No such subject that the caller may see")})
    ResponseEntity<ChangeRequestView> submit(@RequestBody ChangeRequestBody draft) {
        ChangeRequestView view = submissions.submit(draft.toDraft());
        return ResponseEntity.created(URI.create("/api/v1/change-requests/" + view.id())).eTag(etag(view)).body(view);
    }

    @GetMapping
    @Operation(summary = "Change requests the caller may read, the longest waiting first; reviewers see every area's. "
            + "awaitingMe: only what awaits the caller's decision")
    Page<ChangeRequestView> queue(@RequestParam(required = false) Set<ChangeState> state, @RequestParam(required = false) ChangeType type,
            @RequestParam(required = false) UUID area, @RequestParam(required = false) Environment environment,
            @RequestParam(defaultValue = "false") boolean awaitingMe, @SortableBy({"waitingSince", "submittedAt", "updatedAt", "riskTier", "state", "type", "environment"})
            @PageableDefault(size = 50) Pageable pageable) {
        return queries.queue(new ChangeQueueFilter(state, type, area, environment, awaitingMe), pageable);
    }

    @GetMapping("/{id}")
    @Operation(summary = "One change request; its ETag is the version to send as If-Match")
    ResponseEntity<ChangeRequestView> get(@PathVariable UUID id) {
        ChangeRequestView view = queries.get(id);
        return ResponseEntity.ok().eTag(etag(view)).body(view);
    }

    @GetMapping("/{id}/evidence")
    @Operation(summary = "The evidence pack as it was submitted (or at the last edit)")
    List<EvidenceSection> evidence(@PathVariable UUID id) {
        return queries.evidence(id);
    }

    @GetMapping("/{id}/history")
    @Operation(summary = "The request's timeline, oldest first: who did what, when, with what comment")
    List<HistoryEntry> history(@PathVariable UUID id) {
        return queries.history(id);
    }

    @GetMapping("/{id}/actions")
    @Operation(summary = "What the caller may do with the request now, with the reason for each thing they may not")
    ChangeActions actions(@PathVariable UUID id) {
        return queries.actions(id);
    }

    @PutMapping("/{id}")
    @Operation(summary = "Edit (the requester): any change voids the approvals so far and restarts the review; If-Match: the version read",
            responses = {@ApiResponse(responseCode = "409", description = "Changed meanwhile: read it again")})
    ResponseEntity<ChangeRequestView> edit(@PathVariable UUID id, @RequestHeader(value = "If-Match", required = false) String ifMatch,
            @RequestBody ChangeRequestBody draft) {
        ChangeRequestView view = submissions.edit(id, draft.toDraft(), IfMatch.version(ifMatch, "change request"));
        return ResponseEntity.ok().eTag(etag(view)).body(view);
    }

    @PostMapping("/{id}/approve")
    @Operation(summary = "Approve, with a comment of at least 10 characters; If-Match: the version the reviewer read",
            responses = {@ApiResponse(responseCode = "403", description = "The caller may not decide it (e.g. they requested it); the detail says why"),
                    @ApiResponse(responseCode = "409", description = "Changed meanwhile (e.g. another reviewer decided): read it again")})
    ResponseEntity<ChangeRequestView> approve(@PathVariable UUID id, @Parameter(description = "the version read") @RequestHeader(value = "If-Match",
            required = false) String ifMatch, @RequestBody DecisionComment body) {
        ChangeRequestView view = approvals.approve(id, body.comment(), IfMatch.version(ifMatch, "change request"));
        return ResponseEntity.ok().eTag(etag(view)).body(view);
    }

    @PostMapping("/{id}/reject")
    @Operation(summary = "Reject, with a comment of at least 10 characters; If-Match: the version the reviewer read")
    ResponseEntity<ChangeRequestView> reject(@PathVariable UUID id, @RequestHeader(value = "If-Match", required = false) String ifMatch,
            @RequestBody DecisionComment body) {
        ChangeRequestView view = approvals.reject(id, body.comment(), IfMatch.version(ifMatch, "change request"));
        return ResponseEntity.ok().eTag(etag(view)).body(view);
    }

    @PostMapping("/{id}/withdraw")
    @Operation(summary = "Withdraw (the requester, while it is submitted); the comment is optional")
    ChangeRequestView withdraw(@PathVariable UUID id, @RequestBody(required = false) DecisionComment body) {
        return submissions.withdraw(id, body == null ? null : body.comment());
    }

    @PostMapping("/{id}/reclassify")
    @Operation(summary = "Reclassify to NORMAL or EMERGENCY (administrators who are not part of the request), with a reason; "
            + "voids the approvals so far. If-Match: the version read")
    ResponseEntity<ChangeRequestView> reclassify(@PathVariable UUID id, @RequestHeader(value = "If-Match", required = false) String ifMatch,
            @RequestBody Reclassification body) {
        ChangeRequestView view = approvals.reclassify(id, body.type(), body.reason(), IfMatch.version(ifMatch, "change request"));
        return ResponseEntity.ok().eTag(etag(view)).body(view);
    }

    @PostMapping("/{id}/refuse-emergency")
    @Operation(summary = "Refuse the emergency classification (a reviewer who may decide it), with a reason of at least 10 characters: "
            + "it becomes a normal change needing a model-risk and a governance reviewer, the approvals so far no longer count, and "
            + "governance is told. Approving an emergency change confirms its classification. If-Match: the version read")
    ResponseEntity<ChangeRequestView> refuseEmergency(@PathVariable UUID id,
            @RequestHeader(value = "If-Match", required = false) String ifMatch, @RequestBody DecisionComment body) {
        ChangeRequestView view = approvals.refuseEmergency(id, body == null ? null : body.comment(),
                IfMatch.version(ifMatch, "change request"));
        return ResponseEntity.ok().eTag(etag(view)).body(view);
    }

    @PostMapping("/{id}/review")
    @Operation(summary = "Record the review after an emergency change was implemented (a reviewer who is not the requester), with a comment")
    ChangeRequestView review(@PathVariable UUID id, @RequestBody DecisionComment body) {
        return approvals.recordReview(id, body.comment());
    }

    record DecisionComment(String comment) {
    }

    /** The draft as JSON, where {@code emergency} may be left out (false); the service checks the rest. */
    record ChangeRequestBody(String subjectType, String subjectId, Environment environment, Boolean emergency, String justification,
            java.time.Instant windowStart, java.time.Instant windowEnd, String rollbackPlan) {

        ChangeRequestDraft toDraft() {
            return new ChangeRequestDraft(subjectType, subjectId, environment, Boolean.TRUE.equals(emergency), justification, windowStart,
                    windowEnd, rollbackPlan);
        }
    }

    record Reclassification(ChangeType type, String reason) {
    }

    private static String etag(ChangeRequestView view) {
        return "\"" + view.version() + "\"";
    }
}
