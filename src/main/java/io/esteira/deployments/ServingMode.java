package io.esteira.deployments;

/** How a deployment is used. Only {@link #ONLINE_SYNC} is available so far. */
public enum ServingMode { ONLINE_SYNC, ONLINE_ASYNC, BATCH }
