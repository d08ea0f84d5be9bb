/**
 * The feature store: data sources (classified SOR, SOT or SPEC), and, to come, feature groups by
 * business domain with their statistics, online and offline retrieval.
 */
@org.springframework.modulith.ApplicationModule(displayName = "Feature store")
package io.esteira.features;
