package io.esteira.features;

/** The outcome of "Test connection": the database's product and version, or what went wrong. */
public record ConnectionTest(boolean ok, String message, long millis) {
}
