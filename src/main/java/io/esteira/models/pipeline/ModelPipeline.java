package io.esteira.models.pipeline;

import io.esteira.changes.ChangeQueries;
import io.esteira.changes.ChangeRequestDraft;
import io.esteira.changes.ChangeRequestView;
import io.esteira.changes.ChangeSubmissions;
import io.esteira.changes.Environment;
import io.esteira.models.GateResult;
import io.esteira.models.ModelRegistry;
import io.esteira.models.VersionDeployments;
import io.esteira.models.VersionView;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Collectors;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Service;

/**
 * A version's way to production: the registry's steps (registered, gates) joined with its change
 * requests (submitted, approved for staging, approved for production); and the request of a change
 * for a version. The deploying module fills in the deployed steps ({@link VersionDeployments}).
 */
@Service
@PreAuthorize("isAuthenticated()")
public class ModelPipeline {

    private final ModelRegistry registry;
    private final ChangeSubmissions changeSubmissions;
    private final ChangeQueries changeQueries;
    private final ObjectProvider<VersionDeployments> deployments;

    ModelPipeline(ModelRegistry registry, ChangeSubmissions changeSubmissions, ChangeQueries changeQueries,
            ObjectProvider<VersionDeployments> deployments) {
        this.registry = registry;
        this.changeSubmissions = changeSubmissions;
        this.changeQueries = changeQueries;
        this.deployments = deployments;
    }

    /** Proposes the version for an environment: a change request whose evidence pack the registry assembles. */
    public ChangeRequestView requestChange(UUID versionId, Environment environment, boolean emergency, String justification,
            Instant windowStart, Instant windowEnd, String rollbackPlan) {
        registry.versionById(versionId); // not found for other areas before anything else
        return changeSubmissions.submit(new ChangeRequestDraft(ModelVersionChanges.TYPE, versionId.toString(), environment, emergency, justification,
                windowStart, windowEnd, rollbackPlan));
    }

    /** The version's change requests, newest first: those proposing the version, and those of its deployments. */
    public List<ChangeRequestView> changeRequests(UUID versionId) {
        registry.versionById(versionId);
        List<ChangeRequestView> requests = new ArrayList<>(changeQueries.forSubject(ModelVersionChanges.TYPE, versionId.toString()));
        releases(versionId).stream().map(VersionDeployments.Release::changeId).filter(java.util.Objects::nonNull).distinct()
                .map(changeQueries::get).forEach(requests::add);
        requests.sort(java.util.Comparator.comparing(ChangeRequestView::submittedAt).reversed());
        return requests;
    }

    /** The version's live releases (of the caller's areas), e.g. for links to their monitoring. */
    public List<VersionDeployments.Release> liveReleases(UUID versionId) {
        registry.versionById(versionId);
        return releases(versionId).stream().filter(r -> r.state().equals("LIVE")).toList();
    }

    private List<VersionDeployments.Release> releases(UUID versionId) {
        VersionDeployments source = deployments.getIfAvailable();
        return source == null ? List.of() : source.of(versionId);
    }

    /** The version's approval state in a few words, e.g. "production: approved"; empty when it was never proposed. */
    public String approvalState(UUID versionId) {
        return changeRequests(versionId).stream().collect(Collectors.groupingBy(ChangeRequestView::environment)).entrySet().stream()
                .sorted(java.util.Map.Entry.comparingByKey())
                .map(e -> e.getKey().name().toLowerCase(Locale.ROOT) + ": " + e.getValue().getFirst().state().name().toLowerCase(Locale.ROOT)
                        .replace('_', ' '))
                .collect(Collectors.joining(" · "));
    }

    /**
     * A version's way to production: registered, its gates, its change request, the approvals for staging and
     * production, and its deployments there.
     */
    public List<PipelineStep> steps(UUID modelId, int number) {
        VersionView v = registry.version(modelId, number);
        List<ChangeRequestView> requests = changeRequests(v.id());
        List<VersionDeployments.Release> releases = releases(v.id());
        Optional<ChangeRequestView> staging = latest(requests, Environment.STAGING);
        Optional<ChangeRequestView> production = latest(requests, Environment.PRODUCTION);
        List<PipelineStep> steps = new ArrayList<>();
        steps.add(new PipelineStep("Registered", PipelineStep.State.DONE, v.registeredAt(), v.registeredBy(),
                "v" + v.number() + (v.commit() == null ? "" : " · commit " + shortCommit(v.commit()))));
        steps.add(gates(v));
        steps.add(requests.isEmpty() ? PipelineStep.notYet("Change request") : submitted(requests.getFirst()));
        steps.add(staging.map(r -> decision("Approved for staging", r)).orElse(PipelineStep.notYet("Approved for staging")));
        steps.add(deployed("Deployed to staging", releases, Environment.STAGING));
        steps.add(production.map(r -> decision("Approved for production", r)).orElse(PipelineStep.notYet("Approved for production")));
        steps.add(deployed("Deployed to production", releases, Environment.PRODUCTION));
        return steps;
    }

    private static PipelineStep gates(VersionView v) {
        PipelineStep.State state = switch (v.gates()) {
            case "PASSED" -> PipelineStep.State.DONE;
            case "FAILED", "INCOMPLETE" -> PipelineStep.State.FAILED;
            default -> PipelineStep.State.RUNNING;
        };
        long passed = v.gateResults().stream().filter(GateResult::passed).count();
        return new PipelineStep("Quality gates", state, v.gatesFinishedAt(), v.gatesDone() ? "Esteira" : null,
                v.gatesDone() ? passed + " of " + v.gateResults().size() + " passed" : "running");
    }

    private static String shortCommit(String commit) {
        return commit.length() > 12 && commit.matches("[0-9a-f]+") ? commit.substring(0, 12) : commit;
    }

    /** The newest release in the environment that got anywhere: live (or once live) is done, on its way is running, failed is failed. */
    private static PipelineStep deployed(String name, List<VersionDeployments.Release> releases, Environment environment) {
        return releases.stream().filter(r -> r.environment() == environment && !r.state().equals("REJECTED")).findFirst().map(r -> switch (r.state()) {
            case "LIVE" -> new PipelineStep(name, PipelineStep.State.DONE, r.liveAt(), r.requestedBy(), r.name() + " · live");
            case "RETIRED" -> r.liveAt() == null ? PipelineStep.notYet(name)
                    : new PipelineStep(name, PipelineStep.State.DONE, r.liveAt(), r.requestedBy(), r.name() + " · retired since");
            case "FAILED" -> new PipelineStep(name, PipelineStep.State.FAILED, null, r.requestedBy(), r.name() + ": " + r.reason());
            case "PENDING_APPROVAL" -> new PipelineStep(name, PipelineStep.State.NOT_YET, null, r.requestedBy(), r.name() + " · waiting for approval");
            default -> new PipelineStep(name, PipelineStep.State.RUNNING, r.requestedAt(), r.requestedBy(),
                    r.name() + " · " + r.state().toLowerCase(Locale.ROOT));
        }).orElse(PipelineStep.notYet(name));
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
