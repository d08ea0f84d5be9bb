package io.esteira.identity.domain;

/** Where an account comes from: a local password, the bank's identity provider, or a CI pipeline. */
public enum Origin { LOCAL, SSO, SERVICE }
