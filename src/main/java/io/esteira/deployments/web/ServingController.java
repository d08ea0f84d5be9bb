package io.esteira.deployments.web;

import io.esteira.deployments.DeploymentService;
import io.esteira.deployments.Prediction;
import io.esteira.deployments.serving.DeploymentNotLiveException;
import io.esteira.shared.web.Problems;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** Online predictions of live deployments, for applications with a token of the deployment's area. */
@RestController
@RequestMapping("/api/v1/serving")
@Tag(name = "Serving", description = "Predictions of live deployments")
class ServingController {

    private final DeploymentService deployments;

    ServingController(DeploymentService deployments) {
        this.deployments = deployments;
    }

    /** The rows to score. */
    record PredictRequest(List<Map<String, Object>> rows) {
    }

    @PostMapping("/{deployment}/predict")
    @Operation(summary = "Score rows: {\"rows\": [{\"amount\": 12.5, \"merchant_category\": \"grocery\", \"channel\": \"online\"}]}, "
            + "at most 1,000; each row has exactly the version's inputs. 409 when the deployment is not LIVE")
    Prediction predict(@PathVariable String deployment, @RequestBody PredictRequest request) {
        return deployments.predict(deployment, request == null ? null : request.rows());
    }

    @ExceptionHandler(DeploymentNotLiveException.class)
    ProblemDetail notLive(DeploymentNotLiveException e) {
        ProblemDetail problem = Problems.of(HttpStatus.CONFLICT, e.getMessage());
        problem.setProperty("state", e.state().name());
        return problem;
    }
}
