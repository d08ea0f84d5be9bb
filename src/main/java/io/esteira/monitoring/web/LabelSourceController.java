package io.esteira.monitoring.web;

import io.esteira.monitoring.LabelSources;
import io.esteira.monitoring.LabelSources.LabelSourceDraft;
import io.esteira.monitoring.LabelSources.LabelSourceView;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.UUID;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
@Tag(name = "Monitoring")
class LabelSourceController {

    private static final String PATH = "/api/v1/deployments/{name}/monitor/label-source";

    private final LabelSources labelSources;

    LabelSourceController(LabelSources labelSources) {
        this.labelSources = labelSources;
    }

    @GetMapping(PATH)
    @Operation(summary = "The query that imports a deployment's labels, and how its last run went")
    LabelSourceView get(@PathVariable String name, @RequestParam(required = false) UUID area) {
        return labelSources.get(name, area);
    }

    @PutMapping(PATH)
    @Operation(summary = "Names a data source and a SELECT returning request id, row, label, labelled-at (in that order), run every "
            + "everyMinutes (default 60) and imported as labels, idempotently. The query passes the same allow-list, grant and "
            + "personal-data checks as every scheduled query; audited")
    LabelSourceView put(@PathVariable String name, @RequestParam(required = false) UUID area, @RequestBody LabelSourceDraft draft) {
        return labelSources.configure(name, area, draft);
    }

    @DeleteMapping(PATH)
    @Operation(summary = "Removes a deployment's label query; audited")
    ResponseEntity<Void> delete(@PathVariable String name, @RequestParam(required = false) UUID area) {
        labelSources.remove(name, area);
        return ResponseEntity.noContent().build();
    }

    @PostMapping(PATH + "/run")
    @Operation(summary = "Runs a deployment's label query now")
    LabelSourceView run(@PathVariable String name, @RequestParam(required = false) UUID area) {
        return labelSources.importNow(name, area);
    }
}
