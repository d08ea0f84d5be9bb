package io.esteira.features;

/** A table or view of a data source. */
public record TableRef(String schema, String name, String type) {
}
