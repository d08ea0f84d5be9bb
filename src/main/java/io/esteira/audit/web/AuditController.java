package io.esteira.audit.web;

import io.esteira.audit.AuditEntry;
import io.esteira.audit.AuditFilter;
import io.esteira.audit.AuditLog;
import io.esteira.audit.ChainVerification;
import io.esteira.shared.InvalidRequestException;
import io.esteira.shared.security.CurrentUser;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.springframework.format.annotation.DateTimeFormat;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api/v1/audit")
@Tag(name = "Audit", description = "The tamper-evident audit log (reviewers and administrators)")
class AuditController {

    private final AuditLog audit;

    AuditController(AuditLog audit) {
        this.audit = audit;
    }

    @GetMapping
    List<AuditEntry> search(@RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE_TIME) Instant from,
            @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE_TIME) Instant to,
            @RequestParam(required = false) String actor, @RequestParam(required = false) UUID areaId,
            @RequestParam(required = false) String action, @RequestParam(required = false) String objectType,
            @RequestParam(required = false) String objectId, @RequestParam(required = false) String outcome,
            @RequestParam(defaultValue = "0") int offset, @RequestParam(defaultValue = "100") int limit) {
        if (offset < 0 || limit < 1 || limit > 500) {
            throw new InvalidRequestException("limit", "offset must be 0 or more and limit between 1 and 500");
        }
        return audit.search(new AuditFilter(from, to, actor, areaId, action, objectType, objectId, outcome), offset, limit);
    }

    @GetMapping(value = "/export.csv", produces = "text/csv")
    void export(@RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE_TIME) Instant from,
            @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE_TIME) Instant to,
            @RequestParam(required = false) String actor, @RequestParam(required = false) UUID areaId,
            @RequestParam(required = false) String action, @RequestParam(required = false) String objectType,
            @RequestParam(required = false) String objectId, @RequestParam(required = false) String outcome,
            HttpServletResponse response) throws IOException {
        response.setContentType("text/csv;charset=UTF-8");
        response.setHeader("Content-Disposition", "attachment; filename=\"audit.csv\"");
        Writer out = new OutputStreamWriter(response.getOutputStream(), StandardCharsets.UTF_8);
        audit.exportCsv(new AuditFilter(from, to, actor, areaId, action, objectType, objectId, outcome), out);
        out.flush();
    }

    @PostMapping("/verifications")
    ChainVerification verify() {
        return audit.verify(CurrentUser.require().actorName());
    }
}
