package io.esteira.monitoring.web;

import io.esteira.monitoring.LabelDraft;
import io.esteira.monitoring.LabelReceipt;
import io.esteira.monitoring.Labels;
import io.esteira.shared.InvalidRequestException;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.List;
import java.util.UUID;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
@Tag(name = "Monitoring", description = "Ground truth for predictions, drift and performance of live deployments, monitors and alerts")
class LabelsController {

    private final Labels labels;

    LabelsController(Labels labels) {
        this.labels = labels;
    }

    /** @param labels at most {@link Labels#MAX_BATCH} */
    record LabelBatch(List<LabelDraft> labels) {
    }

    @PostMapping("/api/v1/deployments/{name}/labels")
    @Operation(summary = "Store ground truth for a deployment's predictions, by request id and row (idempotent: sending a batch again "
            + "changes nothing; a different label labelled later corrects one). The whole batch is checked first: one wrong label and "
            + "nothing is stored. At most 5,000 labels per batch.")
    LabelReceipt receive(@PathVariable String name, @RequestParam(required = false) UUID area, @RequestBody LabelBatch batch) {
        if (batch == null) {
            throw new InvalidRequestException("labels", "Send {\"labels\": [...]}");
        }
        try {
            return labels.receive(name, area, batch.labels(), "api");
        } catch (DuplicateKeyException e) {
            return labels.receive(name, area, batch.labels(), "api"); // the same labels sent twice at once: the second finds them stored
        }
    }
}
