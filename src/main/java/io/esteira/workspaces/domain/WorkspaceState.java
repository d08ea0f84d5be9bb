package io.esteira.workspaces.domain;

import java.util.EnumSet;
import java.util.Set;

/** The lifecycle of a workspace. FAILED can follow any step; DELETED is final. */
public enum WorkspaceState {
    REQUESTED, PROVISIONING, RUNNING, STOPPING, STOPPED, STARTING, DELETING, DELETED, FAILED;

    /** States in which a workspace holds, or is about to hold, compute: they count against quotas. */
    public static final Set<WorkspaceState> ACTIVE = EnumSet.of(REQUESTED, PROVISIONING, RUNNING, STOPPING, STARTING);

    /** States in which the portal is waiting for the provisioner. */
    public static final Set<WorkspaceState> IN_PROGRESS = EnumSet.of(REQUESTED, PROVISIONING, STOPPING, STARTING, DELETING);

    public boolean canMoveTo(WorkspaceState next) {
        if (next == FAILED) {
            return this != DELETED && this != FAILED;
        }
        return switch (this) {
            case REQUESTED -> next == PROVISIONING || next == DELETING;
            case PROVISIONING, STARTING -> next == RUNNING || next == STOPPED || next == DELETING;
            case RUNNING -> next == STOPPING || next == STOPPED || next == DELETING;
            case STOPPING -> next == STOPPED || next == DELETING;
            case STOPPED -> next == STARTING || next == RUNNING || next == DELETING;
            // a failed workspace can be started again or deleted; reconciliation may find it running
            case FAILED -> next == STARTING || next == RUNNING || next == STOPPED || next == DELETING;
            case DELETING -> next == DELETED;
            case DELETED -> false;
        };
    }

    public String label() {
        return name().charAt(0) + name().substring(1).toLowerCase();
    }
}
