package io.esteira.costs.web;

import io.esteira.costs.StorageMeasurement;
import io.esteira.costs.StorageMetering;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.UUID;
import org.springframework.data.domain.Page;
import org.springframework.data.domain.Pageable;
import org.springframework.data.web.PageableDefault;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
@Tag(name = "Costs")
class StorageController {

    private final StorageMetering storage;

    StorageController(StorageMetering storage) {
        this.storage = storage;
    }

    @GetMapping("/api/v1/costs/storage")
    @Operation(summary = "What an area stores (managers of the area, administrators): the latest measurement of each feature "
            + "group's offline and online table, model version's artifact and release's share of the prediction log, largest "
            + "first, paged, with what its open usage interval holds (GiB-month, rated per hour as GiB / 730)")
    Page<StorageMeasurement> storage(@RequestParam UUID area, @PageableDefault(size = 100) Pageable pageable) {
        return storage.latest(area, pageable);
    }
}
