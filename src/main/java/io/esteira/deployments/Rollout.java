package io.esteira.deployments;

/**
 * How a release takes over its endpoint: at once (the live version is retired when it goes live),
 * as a canary (a share of the calls while the live version keeps the rest, until promoted or rolled
 * back), as a rollback to the previous live version (a pre-approved standard change), or in shadow
 * (it scores a mirror of the live release's calls, answers none of them, and is compared with it).
 */
public enum Rollout { ALL_AT_ONCE, CANARY, ROLLBACK, SHADOW }
