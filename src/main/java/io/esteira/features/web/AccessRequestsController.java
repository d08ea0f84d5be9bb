package io.esteira.features.web;

import io.esteira.features.AccessRequestDraft;
import io.esteira.features.AccessRequestView;
import io.esteira.features.FeatureAccess;
import io.esteira.features.FeatureGroupService;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import java.net.URI;
import java.util.List;
import java.util.UUID;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

@RestController
@Tag(name = "Feature access", description = "Requests to read another area's personal-data features, decided by that area's manager")
class AccessRequestsController {

    private final FeatureAccess access;
    private final FeatureGroupService groups;

    AccessRequestsController(FeatureAccess access, FeatureGroupService groups) {
        this.access = access;
        this.groups = groups;
    }

    record Decision(String comment) {
    }

    @GetMapping("/api/v1/feature-groups/{name}/access-requests")
    @Operation(summary = "The group's requests: all for its owning area, your areas' own otherwise")
    List<AccessRequestView> list(@PathVariable String name) {
        return access.requestsFor(groups.getByName(name).id());
    }

    @PostMapping("/api/v1/feature-groups/{name}/access-requests")
    @Operation(summary = "Ask the owning area to let one of your areas read personal-data features")
    ResponseEntity<AccessRequestView> request(@PathVariable String name, @Valid @RequestBody AccessRequestDraft draft) {
        AccessRequestView view = access.request(groups.getByName(name).id(), draft);
        return ResponseEntity.created(URI.create("/api/v1/feature-access-requests/" + view.id())).body(view);
    }

    @PostMapping("/api/v1/feature-access-requests/{id}/approve")
    @Operation(summary = "Approve (a manager of the owning area, not the requester; a comment is required)")
    AccessRequestView approve(@PathVariable UUID id, @RequestBody Decision decision) {
        return access.approve(id, decision.comment());
    }

    @PostMapping("/api/v1/feature-access-requests/{id}/reject")
    AccessRequestView reject(@PathVariable UUID id, @RequestBody Decision decision) {
        return access.reject(id, decision.comment());
    }

    @PostMapping("/api/v1/feature-access-requests/{id}/revoke")
    AccessRequestView revoke(@PathVariable UUID id, @RequestBody Decision decision) {
        return access.revoke(id, decision.comment());
    }
}
