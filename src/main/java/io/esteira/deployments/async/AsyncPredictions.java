package io.esteira.deployments.async;

import io.esteira.areas.AreaAccess;
import io.esteira.deployments.DeploymentService;
import io.esteira.deployments.Prediction;
import io.esteira.deployments.ServingMode;
import io.esteira.deployments.domain.Deployment;
import io.esteira.deployments.serving.DeploymentNotLiveException;
import io.esteira.deployments.serving.OnlineServing;
import io.esteira.notifications.Notifications;
import io.esteira.shared.AfterCommit;
import io.esteira.shared.InvalidRequestException;
import io.esteira.shared.NotFoundException;
import io.esteira.shared.security.CurrentUser;
import io.esteira.shared.security.SignedInUser;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.databind.json.JsonMapper;

/**
 * Asynchronous predictions of deployments of mode ONLINE_ASYNC: a request is checked at once (the
 * rows against the signature of the release that will answer, the callback address by the webhook
 * rules), stored in the durable queue and answered 202; a worker pool of some node scores it later
 * ({@link AsyncWorkers}). Like {@code /predict}, for the deployment's area only: everybody else is
 * told "not found", of the deployment and of its requests.
 */
@Service
@Transactional(readOnly = true)
@PreAuthorize("isAuthenticated()")
public class AsyncPredictions {

    static final JsonMapper JSON = JsonMapper.builder().build();
    static final String CALLBACK = "callback";

    private final DeploymentService deployments;
    private final OnlineServing serving;
    private final AsyncQueue queue;
    private final AsyncWorkers workers;
    private final Notifications notifications;
    private final AreaAccess access;
    private final MeterRegistry meters;
    private final Clock clock;

    AsyncPredictions(DeploymentService deployments, OnlineServing serving, AsyncQueue queue, AsyncWorkers workers,
            Notifications notifications, AreaAccess access, MeterRegistry meters, Clock clock) {
        this.clock = clock;
        this.deployments = deployments;
        this.serving = serving;
        this.queue = queue;
        this.workers = workers;
        this.notifications = notifications;
        this.access = access;
        this.meters = meters;
    }

    /**
     * Queues rows for scoring by the live release the canary split picks now. Nothing is stored
     * when anything is wrong.
     *
     * @param callback optional https address that gets the request's state document once it is DONE or FAILED
     * @throws NotFoundException           for a deployment of another area
     * @throws DeploymentNotLiveException  when it does not serve
     * @throws InvalidRequestException     for a deployment that is not asynchronous (field {@code deployment}), rows that do not
     *                                     match the signature ({@code rows[i].field}) or a callback the webhook rules refuse ({@code callback})
     */
    @Transactional
    public AsyncRequestView submit(String name, List<Map<String, Object>> rows, String callback) {
        SignedInUser me = CurrentUser.require();
        Deployment release;
        try {
            release = deployments.route(name);
        } catch (DeploymentNotLiveException e) {
            count(name, "not-live");
            throw e;
        }
        if (release.getMode() != ServingMode.ONLINE_ASYNC) {
            count(release.getName(), "wrong-mode");
            throw new InvalidRequestException("deployment", "The deployment " + release.getName() + " serves " + release.getMode()
                    + ", not ONLINE_ASYNC; call POST /api/v1/serving/" + release.getName() + "/predict instead");
        }
        try {
            OnlineServing.validate(serving.session(release.getId(), release.getModelVersionId()).signature(), rows);
        } catch (InvalidRequestException e) {
            count(release.getName(), "invalid");
            throw e;
        }
        String hook = checkCallback(callback);
        UUID id = UUID.randomUUID();
        Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
        queue.enqueue(id, release.getId(), release.getName(), release.getAreaId(), JSON.writeValueAsString(rows), rows.size(), hook,
                me.actorName(), me.userId(), now);
        count(release.getName(), "queued");
        AfterCommit.run(workers::wake);
        return new AsyncRequestView(id, release.getName(), AsyncQueue.State.QUEUED.name(), release.getModelName(), null, null, null, 0, now,
                null, null, AsyncRequestView.location(release.getName(), id));
    }

    /** @throws NotFoundException unless it is a request of the named deployment, in one of the caller's areas */
    public AsyncRequestView get(String name, UUID id) {
        AsyncQueue.Request r = queue.find(id).filter(found -> found.endpoint().equals(name == null ? null : name.strip()))
                .filter(found -> access.canRead(found.areaId()))
                .orElseThrow(() -> new NotFoundException("prediction request", id));
        return view(r);
    }

    private String checkCallback(String callback) {
        if (callback == null || callback.isBlank()) {
            return null;
        }
        if (callback.length() > 2000) {
            throw new InvalidRequestException(CALLBACK, "A callback address has at most 2,000 characters");
        }
        try {
            notifications.checkWebhook(callback);
        } catch (InvalidRequestException e) {
            throw new InvalidRequestException(CALLBACK, e.getMessage());
        }
        return callback.strip();
    }

    private void count(String deployment, String outcome) {
        meters.counter("esteira.serving.async.requests", "deployment", deployment, "outcome", outcome).increment();
    }

    static AsyncRequestView view(AsyncQueue.Request r) {
        Prediction result = r.resultJson() == null ? null : JSON.readValue(r.resultJson(), Prediction.class);
        return new AsyncRequestView(r.id(), r.endpoint(), r.state().name(), r.modelName(), r.modelVersionNumber(), result, r.error(),
                r.attempts(), r.createdAt(), r.startedAt(), r.finishedAt(), AsyncRequestView.location(r.endpoint(), r.id()));
    }
}
