package io.esteira.models.pipeline;

import java.time.Instant;

/**
 * One step of a version's way to production, as the pipeline view shows it: registered, gates,
 * then change request, approvals and deployments (filled in by the modules that own them).
 *
 * @param at  when the step was reached, or null
 * @param who who took it, or null
 */
public record PipelineStep(String name, State state, Instant at, String who, String detail) {

    public enum State { DONE, RUNNING, FAILED, NOT_YET }

    public static PipelineStep notYet(String name) {
        return new PipelineStep(name, State.NOT_YET, null, null, null);
    }
}
