package io.esteira.features.web;

import io.esteira.features.DataAccessRequestDraft;
import io.esteira.features.DataAccessRequestView;
import io.esteira.features.DataAccessRequests;
import io.esteira.shared.web.SortableBy;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Size;
import java.net.URI;
import java.util.UUID;
import org.springframework.data.domain.Page;
import org.springframework.data.domain.Pageable;
import org.springframework.data.web.PageableDefault;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

@RestController
@Tag(name = "Data access", description = "Requests for what a refused query needed: a grant on a data source (decided by an administrator) "
        + "or columns an administrator classified as another area's personal data (decided by that area's manager)")
class DataAccessRequestsController {

    private final DataAccessRequests requests;

    DataAccessRequestsController(DataAccessRequests requests) {
        this.requests = requests;
    }

    record Decision(@Size(max = 2000) String comment) {
    }

    @PostMapping("/api/v1/data-sources/{id}/access-requests")
    @Operation(summary = "Ask for a grant on a source (schema, or one table) or for classified personal-data columns, for one of your areas; "
            + "a refused query's problem names what to send as `remedy`")
    ResponseEntity<DataAccessRequestView> request(@PathVariable UUID id, @Valid @RequestBody DataAccessRequestDraft draft) {
        DataAccessRequestView view = requests.request(id, draft);
        return ResponseEntity.created(URI.create("/api/v1/data-access-requests/" + view.id())).body(view);
    }

    @GetMapping("/api/v1/data-access-requests")
    @Operation(summary = "Requests of your areas and for your areas' personal data, newest first (administrators: all)")
    Page<DataAccessRequestView> list(@SortableBy({"requestedAt"}) @PageableDefault(size = 50) Pageable pageable) {
        return requests.page(pageable);
    }

    @GetMapping("/api/v1/data-access-requests/{id}")
    DataAccessRequestView get(@PathVariable UUID id) {
        return requests.get(id);
    }

    @PostMapping("/api/v1/data-access-requests/{id}/approve")
    @Operation(summary = "Approve (an administrator for a grant, a manager of the owning area for personal data; not the requester; a comment is required)")
    DataAccessRequestView approve(@PathVariable UUID id, @Valid @RequestBody Decision decision) {
        return requests.approve(id, decision.comment());
    }

    @PostMapping("/api/v1/data-access-requests/{id}/reject")
    DataAccessRequestView reject(@PathVariable UUID id, @Valid @RequestBody Decision decision) {
        return requests.reject(id, decision.comment());
    }

    @PostMapping("/api/v1/data-access-requests/{id}/revoke")
    @Operation(summary = "Withdraw an approval: the grant it made is removed, or the columns are read no more")
    DataAccessRequestView revoke(@PathVariable UUID id, @Valid @RequestBody Decision decision) {
        return requests.revoke(id, decision.comment());
    }
}
