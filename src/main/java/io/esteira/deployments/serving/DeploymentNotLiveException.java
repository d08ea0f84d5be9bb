package io.esteira.deployments.serving;

import io.esteira.deployments.DeploymentState;

/** A prediction was asked of a deployment that does not serve (answered with 409). */
public class DeploymentNotLiveException extends RuntimeException {

    private final DeploymentState state;

    public DeploymentNotLiveException(String name, DeploymentState state, String reason) {
        super("The deployment " + name + " is " + state + ", not LIVE; it serves no predictions"
                + (reason == null || reason.isBlank() ? "" : " (" + reason + ")"));
        this.state = state;
    }

    public DeploymentState state() {
        return state;
    }
}
