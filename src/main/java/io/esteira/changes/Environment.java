package io.esteira.changes;

/** Where a change goes. */
public enum Environment { STAGING, PRODUCTION }
