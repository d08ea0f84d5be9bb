package io.esteira.changes;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.time.Instant;

/**
 * What a requester writes. The type of change is not among it: it follows from policy.
 *
 * @param emergency    asks for the expedited emergency path (two reviewers, review after implementation)
 * @param windowStart  when the change may be implemented from (optional; with {@code windowEnd} when that is given)
 * @param windowEnd    until when (optional; after the start, not in the past)
 * @param rollbackPlan how to undo it; required for production and for emergencies
 */
public record ChangeRequestDraft(
        @NotBlank(message = "Name the subject's type") String subjectType,
        @NotBlank(message = "Name the subject") @Size(max = 200) String subjectId,
        @NotNull(message = "Pick an environment") Environment environment,
        boolean emergency,
        @NotBlank(message = "Say why this change is needed")
        @Size(min = 20, max = 4000, message = "Between 20 and 4,000 characters") String justification,
        Instant windowStart,
        Instant windowEnd,
        @Size(max = 4000, message = "At most 4,000 characters") String rollbackPlan) {
}
