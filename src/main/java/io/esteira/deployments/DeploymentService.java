package io.esteira.deployments;

import io.esteira.areas.AreaAccess;
import io.esteira.changes.ChangeRequestDraft;
import io.esteira.changes.ChangeRequestService;
import io.esteira.changes.ChangeRequestView;
import io.esteira.deployments.DeploymentEvents.DeploymentRequested;
import io.esteira.deployments.domain.Deployment;
import io.esteira.deployments.domain.Deployments;
import io.esteira.models.ModelRegistry;
import io.esteira.models.VersionView;
import io.esteira.shared.InvalidRequestException;
import io.esteira.shared.NotFoundException;
import io.esteira.shared.Paging;
import io.esteira.shared.Trace;
import io.esteira.shared.Validation;
import io.esteira.shared.security.CurrentUser;
import io.esteira.shared.security.SignedInUser;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.validation.Validator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.data.domain.Page;
import org.springframework.data.domain.Pageable;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * Deployments of an area's model versions, and their online predictions. Members of the area (people
 * with DATA_SCIENTIST and the area's tokens) request them; a deployment is released only when its
 * change request (subject type {@code deployment}) is approved. Everybody outside the area is told
 * "not found".
 */
@Service
@Transactional(readOnly = true)
@PreAuthorize("isAuthenticated()")
public class DeploymentService {

    private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9-]{1,61}[a-z0-9]");

    private final Deployments deployments;
    private final ModelRegistry registry;
    private final ChangeRequestService changes;
    private final AreaAccess access;
    private final Validator validator;
    private final ApplicationEventPublisher events;
    private final OnlineServing serving;
    private final MeterRegistry meters;

    DeploymentService(Deployments deployments, ModelRegistry registry, ChangeRequestService changes, AreaAccess access, Validator validator,
            ApplicationEventPublisher events, OnlineServing serving, MeterRegistry meters) {
        this.deployments = deployments;
        this.registry = registry;
        this.changes = changes;
        this.access = access;
        this.validator = validator;
        this.events = events;
        this.serving = serving;
        this.meters = meters;
    }

    /**
     * Stores a deployment of a version that passed its gates, PENDING_APPROVAL, and submits its
     * change request. Nothing is served before that request is approved.
     *
     * @throws NotFoundException       for a version of another area
     * @throws InvalidRequestException for a bad name, a taken name, a version that has not passed its gates, or a mode not available yet
     */
    @Transactional
    public DeploymentView request(DeploymentDraft draft) {
        Validation.check(validator, draft, "deployment");
        SignedInUser me = CurrentUser.require();
        VersionView version = registry.versionById(draft.versionId());
        access.requireAct(version.areaId(), "model version", draft.versionId());
        ServingMode mode = draft.mode() == null ? ServingMode.ONLINE_SYNC : draft.mode();
        if (mode != ServingMode.ONLINE_SYNC) {
            throw new InvalidRequestException("mode", "The mode " + mode + " is not available yet; only ONLINE_SYNC is");
        }
        String name = draft.name().strip();
        if (!NAME.matcher(name).matches()) {
            throw new InvalidRequestException("name", "A deployment's name is 3 to 63 lower-case letters, digits and -, "
                    + "starting with a letter and not ending with -");
        }
        if (deployments.findByAreaIdAndName(version.areaId(), name).isPresent()) {
            throw new InvalidRequestException("name", "The area has a deployment named " + name + " already");
        }
        if (!version.passedGates()) {
            throw new InvalidRequestException("versionId", version.model() + " v" + version.number() + " has not passed its quality gates ("
                    + version.gates().toLowerCase() + "); only a version that passed every gate can be deployed");
        }
        if (!"ONNX".equals(version.format())) {
            throw new InvalidRequestException("versionId", version.model() + " v" + version.number()
                    + " is an external artifact; the embedded target serves only ONNX artifacts held by the portal");
        }
        Deployment deployment = new Deployment(version.areaId(), name, version.modelId(), version.model(), version.id(), version.number(),
                draft.environment(), mode, draft.justification().strip(), blankToNull(draft.rollbackPlan()), me.actorName(), me.userId());
        deployments.saveAndFlush(deployment);
        ChangeRequestView change = changes.submit(new ChangeRequestDraft(DeploymentChanges.TYPE, deployment.getId().toString(),
                draft.environment(), false, deployment.getJustification(), null, null, deployment.getRollbackPlan()));
        deployment.submittedAs(change.id());
        deployments.saveAndFlush(deployment);
        events.publishEvent(new DeploymentRequested(deployment.getId(), deployment.getAreaId(), name, version.model(), version.number(),
                draft.environment().name(), mode.name(), change.id(), Trace.capture()));
        return view(deployment);
    }

    /** The deployments of the areas the caller reads, by name. */
    public Page<DeploymentView> list(Pageable pageable) {
        Set<UUID> readable = access.readableAreaIds();
        if (readable.isEmpty()) {
            return Page.empty(pageable);
        }
        return deployments.findByAreaIdIn(readable, Paging.orderedBy(pageable, "name")).map(DeploymentService::view);
    }

    /** A deployment by name; {@code areaId} picks the area when the caller reads several with one of that name (null: the only one). */
    public DeploymentView get(String name, UUID areaId) {
        return view(byName(name, areaId));
    }

    public DeploymentView get(UUID id) {
        Deployment d = deployments.findById(id).orElseThrow(() -> new NotFoundException("deployment", id));
        access.requireRead(d.getAreaId(), "deployment", id);
        return view(d);
    }

    /**
     * Scores rows with a live deployment of the caller's area: at most 1,000 rows, each an object
     * of the version's inputs.
     *
     * @throws NotFoundException           for a deployment of another area
     * @throws DeploymentNotLiveException  when it does not serve (yet)
     * @throws InvalidRequestException     for rows that do not match the signature, naming the field
     */
    @Transactional(propagation = Propagation.NOT_SUPPORTED)
    public Prediction predict(String name, List<Map<String, Object>> rows) {
        Deployment d = byName(name, null);
        Timer.Sample sample = Timer.start(meters);
        String outcome = "error";
        try {
            if (d.getState() != DeploymentState.LIVE) {
                outcome = "not-live";
                throw new DeploymentNotLiveException(d.getName(), d.getState(), d.getFailureReason());
            }
            OnlineServing.Loaded loaded = serving.session(d.getId(), d.getModelVersionId());
            try {
                OnlineServing.validate(loaded.signature(), rows);
            } catch (InvalidRequestException e) {
                outcome = "invalid";
                throw e;
            }
            List<Map<String, Object>> predictions = OnlineServing.predict(loaded, rows);
            outcome = "success";
            meters.counter("esteira.serving.rows", "deployment", d.getName()).increment(rows.size());
            return new Prediction(d.getName(), d.getModelName(), d.getModelVersionNumber(), predictions);
        } finally {
            sample.stop(meters.timer("esteira.serving.predictions", "deployment", d.getName(), "outcome", outcome));
        }
    }

    private Deployment byName(String name, UUID areaId) {
        Set<UUID> readable = access.readableAreaIds();
        List<Deployment> found = name == null || readable.isEmpty() ? List.of()
                : deployments.findByNameAndAreaIdIn(name.strip(), readable).stream()
                        .filter(d -> areaId == null || d.getAreaId().equals(areaId)).toList();
        if (found.isEmpty()) {
            throw new NotFoundException("deployment", name);
        }
        if (found.size() > 1) {
            throw new InvalidRequestException("area", "Several of your areas have a deployment named " + name + "; say which area");
        }
        return found.getFirst();
    }

    static DeploymentView view(Deployment d) {
        return new DeploymentView(d.getId(), d.getAreaId(), d.getName(), d.getModelId(), d.getModelName(), d.getModelVersionId(),
                d.getModelVersionNumber(), d.getEnvironment(), d.getMode(), d.getTarget(), d.getState(), d.getFailureReason(), d.getChangeId(),
                d.getRequestedBy(), d.getRequestedAt(), d.getUpdatedAt(), d.getLiveAt());
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }
}
