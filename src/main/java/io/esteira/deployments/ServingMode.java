package io.esteira.deployments;

/** How a deployment is used: scored per call and answered at once, queued and answered later, or on a schedule over a table. */
public enum ServingMode { ONLINE_SYNC, ONLINE_ASYNC, BATCH }
