package io.esteira.deployments;

/** PENDING_APPROVAL → APPROVED → DEPLOYING → LIVE, or FAILED (with a reason); REJECTED when its change request is rejected. */
public enum DeploymentState { PENDING_APPROVAL, APPROVED, DEPLOYING, LIVE, FAILED, REJECTED }
