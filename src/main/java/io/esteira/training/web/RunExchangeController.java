package io.esteira.training.web;

import io.esteira.shared.NotFoundException;
import io.esteira.shared.web.Problems;
import io.esteira.training.RunExchange;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.util.UUID;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The endpoints a run's pod calls with the run's one-time token ({@link RunTokenSecurity}): its inputs, and its outputs.
 */
@RestController
@RequestMapping("/api/v1/training/runs/{id}")
@Tag(name = "Training", description = "Training jobs of an area and their runs: queued, run on one node, metered, registered as model versions")
class RunExchangeController {

    private static final String OUTPUTS = "/outputs/";

    private final RunExchange exchange;

    RunExchangeController(RunExchange exchange) {
        this.exchange = exchange;
    }

    @GetMapping(value = "/bundle", produces = "application/zip")
    @Operation(summary = "For the run's pod, with the run's token only: its inputs as a zip (source/, inputs/, params.json)")
    void bundle(@PathVariable UUID id, jakarta.servlet.http.HttpServletResponse response) throws IOException {
        UUID run = own(id);
        response.setContentType("application/zip");
        response.setHeader(HttpHeaders.CONTENT_DISPOSITION, "attachment; filename=\"run-" + run + ".zip\"");
        exchange.writeBundle(run, response.getOutputStream());
    }

    @PutMapping(value = "/outputs/**", consumes = MediaType.ALL_VALUE)
    @Operation(summary = "For the run's pod, with the run's token only: one output (model.onnx, metrics.json, model-card.md, plots/<file>); "
            + "413 when larger than its limit")
    ResponseEntity<?> output(@PathVariable UUID id, HttpServletRequest request) throws IOException {
        UUID run = own(id);
        String uri = request.getRequestURI();
        String name = java.net.URLDecoder.decode(uri.substring(uri.indexOf(OUTPUTS) + OUTPUTS.length()), java.nio.charset.StandardCharsets.UTF_8);
        long declared = request.getContentLengthLong();
        try {
            return ResponseEntity.ok(exchange.receive(run, name, declared, request.getInputStream()));
        } catch (RunExchange.TooLarge e) {
            return ResponseEntity.status(HttpStatus.CONTENT_TOO_LARGE).contentType(MediaType.APPLICATION_PROBLEM_JSON)
                    .header(HttpHeaders.CONNECTION, "close").body(Problems.of(HttpStatus.CONTENT_TOO_LARGE, e.getMessage()));
        }
    }

    /** The run the token admitted, which is the run of the path (the filter checked it; checked again here). */
    private static UUID own(UUID id) {
        Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
        if (!(authentication instanceof RunTokenSecurity.RunTokenAuthentication token) || !token.runId().equals(id)) {
            throw new NotFoundException("training run", id);
        }
        return id;
    }
}
