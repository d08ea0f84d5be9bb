package io.esteira.shared.security;

public enum ActorType { USER, TOKEN, SYSTEM, ANONYMOUS }
