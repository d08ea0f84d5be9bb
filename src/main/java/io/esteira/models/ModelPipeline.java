package io.esteira.models;

import io.esteira.changes.ChangeRequestDraft;
import io.esteira.changes.ChangeRequestService;
import io.esteira.changes.ChangeRequestView;
import io.esteira.changes.Environment;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Collectors;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Service;

/**
 * A version's way to production: the registry's steps (registered, gates) joined with its change
 * requests (submitted, approved for staging, approved for production); and the request of a change
 * for a version. Deployments fill in their steps when they exist.
 */
@Service
@PreAuthorize("isAuthenticated()")
public class ModelPipeline {

    private final ModelRegistry registry;
    private final ChangeRequestService changes;

    ModelPipeline(ModelRegistry registry, ChangeRequestService changes) {
        this.registry = registry;
        this.changes = changes;
    }

    /** Proposes the version for an environment: a change request whose evidence pack the registry assembles. */
    public ChangeRequestView requestChange(UUID versionId, Environment environment, boolean emergency, String justification,
            Instant windowStart, Instant windowEnd, String rollbackPlan) {
        registry.versionById(versionId); // not found for other areas before anything else
        return changes.submit(new ChangeRequestDraft(ModelVersionChanges.TYPE, versionId.toString(), environment, emergency, justification,
                windowStart, windowEnd, rollbackPlan));
    }

    /** The version's change requests, newest first. */
    public List<ChangeRequestView> changeRequests(UUID versionId) {
        registry.versionById(versionId);
        return changes.forSubject(ModelVersionChanges.TYPE, versionId.toString());
    }

    /** The version's approval state in a few words, e.g. "production: approved"; empty when it was never proposed. */
    public String approvalState(UUID versionId) {
        return changeRequests(versionId).stream().collect(Collectors.groupingBy(ChangeRequestView::environment)).entrySet().stream()
                .sorted(java.util.Map.Entry.comparingByKey())
                .map(e -> e.getKey().name().toLowerCase(Locale.ROOT) + ": " + e.getValue().getFirst().state().name().toLowerCase(Locale.ROOT)
                        .replace('_', ' '))
                .collect(Collectors.joining(" · "));
    }

    public List<PipelineStep> steps(UUID modelId, int number) {
        List<PipelineStep> base = registry.pipeline(modelId, number);
        VersionView v = registry.version(modelId, number);
        List<ChangeRequestView> requests = changes.forSubject(ModelVersionChanges.TYPE, v.id().toString());
        Optional<ChangeRequestView> staging = latest(requests, Environment.STAGING);
        Optional<ChangeRequestView> production = latest(requests, Environment.PRODUCTION);
        List<PipelineStep> steps = new ArrayList<>(base.subList(0, 2));
        steps.add(requests.isEmpty() ? PipelineStep.notYet("Change request") : submitted(requests.getFirst()));
        steps.add(staging.map(r -> decision("Approved for staging", r)).orElse(PipelineStep.notYet("Approved for staging")));
        steps.add(PipelineStep.notYet("Deployed to staging"));
        steps.add(production.map(r -> decision("Approved for production", r)).orElse(PipelineStep.notYet("Approved for production")));
        steps.add(PipelineStep.notYet("Deployed to production"));
        return steps;
    }

    private static Optional<ChangeRequestView> latest(List<ChangeRequestView> requests, Environment environment) {
        return requests.stream().filter(r -> r.environment() == environment).findFirst();
    }

    private static PipelineStep submitted(ChangeRequestView r) {
        return new PipelineStep("Change request", PipelineStep.State.DONE, r.submittedAt(), r.requesterName(),
                r.environment().name().toLowerCase(Locale.ROOT) + " · " + r.type().name().toLowerCase(Locale.ROOT));
    }

    private static PipelineStep decision(String name, ChangeRequestView r) {
        String approvers = r.decisions().stream().filter(d -> !d.decision().equals("REJECTED") && d.counts()).map(d -> d.reviewer())
                .collect(Collectors.joining(", "));
        return switch (r.state()) {
            case APPROVED, IMPLEMENTED, REVIEW_DUE, REVIEWED -> new PipelineStep(name, PipelineStep.State.DONE, r.approvedAt(), approvers,
                    r.type().name().toLowerCase(Locale.ROOT));
            case SUBMITTED -> new PipelineStep(name, PipelineStep.State.RUNNING, r.waitingSince(), approvers.isEmpty() ? null : approvers,
                    r.stillNeeded());
            case REJECTED, EXPIRED, WITHDRAWN -> new PipelineStep(name, PipelineStep.State.FAILED, null, null,
                    r.state().name().toLowerCase(Locale.ROOT));
        };
    }
}
