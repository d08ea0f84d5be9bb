package io.esteira.deployments;

/**
 * PENDING_APPROVAL → APPROVED → DEPLOYING → LIVE, or FAILED (with a reason); REJECTED when its
 * change request is rejected; RETIRED when a later release replaced it, its canary was rolled back,
 * or its owners took it out of service.
 */
public enum DeploymentState { PENDING_APPROVAL, APPROVED, DEPLOYING, LIVE, FAILED, REJECTED, RETIRED }
