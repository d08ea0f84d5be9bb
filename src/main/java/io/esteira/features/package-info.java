/**
 * The feature store: data sources (classified SOR, SOT or SPEC), feature groups by business domain
 * with versions, statistics and validation rules, scheduled refreshes that keep an online table of
 * the latest values per entity, point-in-time training sets, and access requests for other areas'
 * personal data.
 */
@org.springframework.modulith.ApplicationModule(displayName = "Feature store")
package io.esteira.features;
