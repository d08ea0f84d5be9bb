package io.esteira.identity;

/** A new token and its secret value, which is shown this once and never stored. */
public record CreatedToken(ApiTokenSummary token, String secret) {
}
