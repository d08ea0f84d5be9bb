package io.esteira.workspaces.provisioning;

/** A runtime's real state as its provisioner sees it; {@code reason} explains FAILED (and may explain others). */
public record RuntimeStatus(Phase phase, String reason) {

    public enum Phase {
        /** being created or started, not answering yet */
        PENDING,
        /** the notebook server answers */
        READY,
        /** exists, but scaled to zero or its process has ended normally */
        STOPPED,
        /** nothing of it exists any more */
        ABSENT,
        /** it cannot run; {@code reason} says why */
        FAILED
    }

    public static RuntimeStatus of(Phase phase) {
        return new RuntimeStatus(phase, null);
    }

    public static RuntimeStatus failed(String reason) {
        return new RuntimeStatus(Phase.FAILED, reason);
    }
}
