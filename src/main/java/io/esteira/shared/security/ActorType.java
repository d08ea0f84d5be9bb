package io.esteira.shared.security;

public enum ActorType { USER, TOKEN, PIPELINE, SYSTEM, ANONYMOUS }
