package io.esteira.deployments.web;

import io.esteira.deployments.async.AsyncPredictions;
import io.esteira.deployments.async.AsyncRequestView;
import io.esteira.deployments.serving.DeploymentNotLiveException;
import io.esteira.shared.web.Problems;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** Asynchronous predictions of live ONLINE_ASYNC deployments: queued at once, scored by a worker, read (or called back) later. */
@RestController
@RequestMapping("/api/v1/serving")
@Tag(name = "Serving", description = "Predictions of live deployments")
class AsyncServingController {

    private final AsyncPredictions predictions;

    AsyncServingController(AsyncPredictions predictions) {
        this.predictions = predictions;
    }

    /** The rows to score, and optionally where to POST the request's state document once it is DONE or FAILED. */
    record AsyncPredictRequest(List<Map<String, Object>> rows, String callback) {
    }

    /** What a queued request answers: its id, its state and where to read it. */
    record Queued(UUID requestId, String state, String location) {
    }

    @PostMapping("/{deployment}/predict-async")
    @Operation(summary = "Queue rows for scoring by an ONLINE_ASYNC deployment: {\"rows\": [...], \"callback\": \"https://...\"} "
            + "(callback optional). Answers 202 with requestId and a Location to poll; rows are checked at once (400 naming the field, "
            + "nothing queued); 409 when the deployment is not LIVE; 400 (field deployment) for a deployment of another mode")
    ResponseEntity<Queued> submit(@PathVariable String deployment, @RequestBody AsyncPredictRequest request) {
        AsyncRequestView queued = predictions.submit(deployment, request == null ? null : request.rows(),
                request == null ? null : request.callback());
        return ResponseEntity.accepted().location(URI.create(queued.location()))
                .body(new Queued(queued.requestId(), queued.state(), queued.location()));
    }

    @GetMapping("/{deployment}/requests/{id}")
    @Operation(summary = "An asynchronous request: state QUEUED, RUNNING, DONE (result: as /predict answers) or FAILED (error), "
            + "the version that answered, attempts and times")
    AsyncRequestView get(@PathVariable String deployment, @PathVariable UUID id) {
        return predictions.get(deployment, id);
    }

    @ExceptionHandler(DeploymentNotLiveException.class)
    ProblemDetail notLive(DeploymentNotLiveException e) {
        ProblemDetail problem = Problems.of(HttpStatus.CONFLICT, e.getMessage());
        problem.setProperty("state", e.state().name());
        return problem;
    }
}
