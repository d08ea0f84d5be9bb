package io.esteira.deployments;

/**
 * PENDING_APPROVAL → APPROVED → DEPLOYING → LIVE (or SHADOW for a shadow release: it scores a mirror of
 * the live release's calls and answers none), or FAILED (with a reason); REJECTED when its change
 * request is rejected; RETIRED when a later release replaced it, its canary was rolled back, or its
 * owners took it out of service.
 */
public enum DeploymentState { PENDING_APPROVAL, APPROVED, DEPLOYING, LIVE, SHADOW, FAILED, REJECTED, RETIRED }
