package io.esteira.deployments;

/**
 * How a release takes over its endpoint: at once (the live version is retired when it goes live),
 * as a canary (a share of the calls while the live version keeps the rest, until promoted or rolled
 * back), or as a rollback to the previous live version (a pre-approved standard change).
 */
public enum Rollout { ALL_AT_ONCE, CANARY, ROLLBACK }
