package io.esteira.models.web;

import io.esteira.shared.web.Problems;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.util.unit.DataSize;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.multipart.MaxUploadSizeExceededException;

/**
 * An artifact over the limit is refused while the request is read, before any controller is
 * chosen, so the package-bound API advice does not see it: answered here as problem+json.
 */
@RestControllerAdvice
@Order(Ordered.HIGHEST_PRECEDENCE)
class UploadLimit {

    private final DataSize limit;

    UploadLimit(@Value("${esteira.models.max-artifact-size:200MB}") DataSize limit) {
        this.limit = limit;
    }

    @ExceptionHandler(MaxUploadSizeExceededException.class)
    ProblemDetail tooLarge(MaxUploadSizeExceededException e) {
        ProblemDetail problem = Problems.of(HttpStatus.CONTENT_TOO_LARGE, "The upload is larger than the " + limit.toMegabytes()
                + " MiB an artifact may have; register a larger model with an external artifactUri");
        problem.setProperty("errors", java.util.Map.of("artifact", "larger than " + limit.toMegabytes() + " MiB"));
        return problem;
    }
}
