package io.esteira.training;

import io.esteira.shared.Money;

/**
 * What a run of a job costs before it starts, by the function that bills it: an hour of its size, and the run
 * at its maximum run time; what the area's budget has left this month after it.
 *
 * @param policy the area's policy when the run would go over budget ({@code WARN} or {@code REFUSE}), else null
 */
public record TrainingEstimate(String sizeCode, Money hourly, Money maximumRun, Money budgetRemaining, String policy) {
}
