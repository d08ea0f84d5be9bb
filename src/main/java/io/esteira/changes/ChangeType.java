package io.esteira.changes;

/**
 * The kind of change, set by {@link ChangePolicy}: STANDARD changes are pre-approved by policy;
 * NORMAL ones need a model-risk and a governance reviewer; EMERGENCY ones are expedited (two
 * reviewers of any kind) and reviewed after implementation.
 */
public enum ChangeType { STANDARD, NORMAL, EMERGENCY }
