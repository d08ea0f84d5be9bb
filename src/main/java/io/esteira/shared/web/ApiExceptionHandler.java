package io.esteira.shared.web;

import io.esteira.shared.ForbiddenException;
import io.esteira.shared.InvalidRequestException;
import io.esteira.shared.NotFoundException;
import jakarta.servlet.http.HttpServletRequest;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.OptimisticLockingFailureException;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.authorization.AuthorizationDeniedException;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

/** Turns every failure of an {@code /api/v1} call into {@code application/problem+json}. */
@RestControllerAdvice(basePackages = "io.esteira")
public class ApiExceptionHandler extends ResponseEntityExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(ApiExceptionHandler.class);

    private final AccessDeniedRecorder deniedRecorder;

    public ApiExceptionHandler(AccessDeniedRecorder deniedRecorder) {
        this.deniedRecorder = deniedRecorder;
    }

    /** Unknown and hidden (another area's) objects answer alike; a hidden one is recorded as a refusal. */
    @ExceptionHandler(NotFoundException.class)
    ProblemDetail notFound(NotFoundException e, HttpServletRequest request) {
        if (e.isDenial()) {
            deniedRecorder.denied("api", cut(request.getMethod() + " " + request.getRequestURI(), 300) + " -> "
                    + cut(e.objectType() + " " + e.objectId(), 200) + " (answered 404)");
        }
        return Problems.of(HttpStatus.NOT_FOUND, e.getMessage());
    }

    private static String cut(String text, int max) {
        return text.length() <= max ? text : text.substring(0, max) + "…";
    }

    @ExceptionHandler(ForbiddenException.class)
    ProblemDetail forbidden(ForbiddenException e) {
        deniedRecorder.denied("api", e.getMessage());
        return withRemedy(Problems.of(HttpStatus.FORBIDDEN, e.getMessage()), e);
    }

    @ExceptionHandler({AccessDeniedException.class, AuthorizationDeniedException.class})
    ProblemDetail accessDenied(RuntimeException e) {
        deniedRecorder.denied("api", e.getMessage());
        return Problems.of(HttpStatus.FORBIDDEN, "You are not allowed to do this.");
    }

    @ExceptionHandler(InvalidRequestException.class)
    ProblemDetail invalid(InvalidRequestException e) {
        ProblemDetail problem = Problems.of(HttpStatus.BAD_REQUEST, e.getMessage());
        problem.setProperty("errors", e.fieldErrors());
        e.position().ifPresent(p -> problem.setProperty("position", Map.of("field", e.fieldErrors().keySet().stream().findFirst().orElse(""),
                "line", p.line(), "column", p.column())));
        return withRemedy(problem, e);
    }

    /** Work the caller cancelled (a preview stopped from the page); the API has no cancel, but a shared service may say so. */
    @ExceptionHandler(io.esteira.shared.CancelledException.class)
    ProblemDetail cancelled(io.esteira.shared.CancelledException e) {
        return Problems.of(HttpStatus.CONFLICT, e.getMessage());
    }

    @ExceptionHandler(OptimisticLockingFailureException.class)
    ProblemDetail conflict(OptimisticLockingFailureException e) {
        return Problems.of(HttpStatus.CONFLICT, "Someone else changed this object meanwhile; reload and try again.");
    }

    @ExceptionHandler(MethodArgumentTypeMismatchException.class)
    ProblemDetail typeMismatch(MethodArgumentTypeMismatchException e) {
        return Problems.of(HttpStatus.BAD_REQUEST, "Parameter '" + e.getName() + "' has an invalid value.");
    }

    @Override
    protected ResponseEntity<Object> handleMethodArgumentNotValid(MethodArgumentNotValidException e,
            org.springframework.http.HttpHeaders headers, org.springframework.http.HttpStatusCode status,
            org.springframework.web.context.request.WebRequest request) {
        Map<String, String> errors = new LinkedHashMap<>();
        e.getBindingResult().getFieldErrors().forEach(f -> errors.putIfAbsent(f.getField(), f.getDefaultMessage()));
        ProblemDetail problem = Problems.of(HttpStatus.BAD_REQUEST, "The request has invalid fields.");
        problem.setProperty("errors", errors);
        return ResponseEntity.badRequest().body(problem);
    }

    @Override
    protected ResponseEntity<Object> handleHttpMessageNotReadable(HttpMessageNotReadableException e,
            org.springframework.http.HttpHeaders headers, org.springframework.http.HttpStatusCode status,
            org.springframework.web.context.request.WebRequest request) {
        return ResponseEntity.badRequest().body(Problems.of(HttpStatus.BAD_REQUEST, "The request body is not valid JSON for this call."));
    }

    @ExceptionHandler(Exception.class)
    ProblemDetail unexpected(Exception e) {
        log.error("Unexpected API failure", e);
        return Problems.of(HttpStatus.INTERNAL_SERVER_ERROR,
                "Something went wrong on our side. Quote the correlation id when you report it.");
    }

    /** What the caller can do about it (e.g. the access request a refused query needs), when the refusal offers it. */
    private static ProblemDetail withRemedy(ProblemDetail problem, RuntimeException e) {
        io.esteira.shared.Remedy.of(e).ifPresent(r -> {
            Map<String, Object> remedy = new LinkedHashMap<>(r.api());
            remedy.put("label", r.label());
            remedy.put("page", r.href());
            problem.setProperty("remedy", remedy);
        });
        return problem;
    }
}
