package io.esteira.training.web;

import io.esteira.models.ModelRegistry;
import io.esteira.shared.NotFoundException;
import io.esteira.shared.web.IfMatch;
import io.esteira.training.ComparisonView;
import io.esteira.training.PromotionDraft;
import io.esteira.training.RecommendationView;
import io.esteira.training.Retraining;
import io.esteira.training.RetrainingPolicyDraft;
import io.esteira.training.RetrainingPolicyView;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import java.util.List;
import java.util.Map;
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
@RequestMapping("/api/v1")
@Tag(name = "Retraining", description = "A model's retraining policy, the recommendations monitor alerts raise, the challenger compared with the champion, and its promotion")
class RetrainingController {

    private final Retraining retraining;
    private final ModelRegistry registry;

    RetrainingController(Retraining retraining, ModelRegistry registry) {
        this.retraining = retraining;
        this.registry = registry;
    }

    @GetMapping("/models/{name}/retraining-policy")
    @Operation(summary = "The model's retraining policy (area: when the name is used in several of your areas); 404 when it has none")
    ResponseEntity<RetrainingPolicyView> policy(@PathVariable String name, @RequestParam(required = false) UUID area) {
        UUID modelId = registry.idOf(name, area);
        RetrainingPolicyView view = retraining.policy(modelId).orElseThrow(() -> new NotFoundException("retraining policy", modelId));
        return ResponseEntity.ok().eTag("\"" + view.version() + "\"").body(view);
    }

    @PutMapping("/models/{name}/retraining-policy")
    @Operation(summary = "Set or change the model's retraining policy: the job (of the area, training this model), the alerts that recommend "
            + "retraining, whether a run starts at once, the window (days, and label delay in hours)")
    RetrainingPolicyView setPolicy(@PathVariable String name, @RequestParam(required = false) UUID area,
            @Valid @RequestBody RetrainingPolicyDraft draft) {
        return retraining.setPolicy(registry.idOf(name, area), draft);
    }

    @GetMapping("/models/{name}/retraining-recommendations")
    @Operation(summary = "The model's recommendations, newest first (at most 20): alert → recommendation → run → version → change request")
    List<RecommendationView> ofModel(@PathVariable String name, @RequestParam(required = false) UUID area) {
        return retraining.ofModel(registry.idOf(name, area));
    }

    @GetMapping("/training/recommendations")
    @Operation(summary = "The recommendations of your areas, newest first; underWay=true: only those open, training or with a challenger ready")
    Page<RecommendationView> recommendations(@RequestParam(defaultValue = "false") boolean underWay,
            @PageableDefault(size = 50) Pageable pageable) {
        return retraining.recommendations(pageable, underWay);
    }

    @GetMapping("/training/recommendations/{id}")
    ResponseEntity<RecommendationView> recommendation(@PathVariable UUID id) {
        RecommendationView view = retraining.recommendation(id);
        return ResponseEntity.ok().eTag("\"" + view.version() + "\"").body(view);
    }

    @PostMapping("/training/recommendations/{id}/accept")
    @Operation(summary = "Accept: the policy's job runs on the recommendation's fresh window, for you; send the version you read as If-Match")
    RecommendationView accept(@PathVariable UUID id, @RequestHeader(value = "If-Match", required = false) String ifMatch) {
        return retraining.accept(id, IfMatch.version(ifMatch, "retraining recommendation"));
    }

    @PostMapping("/training/recommendations/{id}/decline")
    @Operation(summary = "Decline, with a reason (required, a sentence); send the version you read as If-Match")
    RecommendationView decline(@PathVariable UUID id, @RequestHeader(value = "If-Match", required = false) String ifMatch,
            @RequestBody Map<String, String> body) {
        return retraining.decline(id, body == null ? null : body.get("reason"), IfMatch.version(ifMatch, "retraining recommendation"));
    }

    @GetMapping("/training/recommendations/{id}/comparison")
    @Operation(summary = "The newest comparison of the challenger with the champion; 404 before there is one")
    ComparisonView comparison(@PathVariable UUID id) {
        return retraining.comparison(id).orElseThrow(() -> new NotFoundException("comparison", id));
    }

    @PostMapping("/training/recommendations/{id}/comparison")
    @Operation(summary = "Compare the challenger with the champion again, e.g. once more labels matured")
    ComparisonView compare(@PathVariable UUID id) {
        return retraining.compare(id);
    }

    @PostMapping("/training/recommendations/{id}/promotion")
    @Operation(summary = "Request the challenger's promotion: a release on the champion's endpoint through the usual change request, "
            + "whose evidence adds the alert, the recommendation and the comparison; send the version you read as If-Match")
    RecommendationView promote(@PathVariable UUID id, @RequestHeader(value = "If-Match", required = false) String ifMatch,
            @Valid @RequestBody PromotionDraft draft) {
        return retraining.requestPromotion(id, draft, IfMatch.version(ifMatch, "retraining recommendation"));
    }
}
