package io.esteira.workspaces;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import java.util.UUID;

/** An area's workspace quotas: for the area as a whole, and for each person in it. */
public record QuotaLimits(UUID areaId,
        @Min(0) @Max(10000) int areaWorkspaces, @Min(0) @Max(100000) int areaVcpu, @Min(0) @Max(1000) int areaGpus,
        @Min(0) @Max(1000) int userWorkspaces, @Min(0) @Max(10000) int userVcpu, @Min(0) @Max(100) int userGpus) {
}
