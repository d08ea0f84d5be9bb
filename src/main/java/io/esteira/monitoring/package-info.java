/**
 * Monitoring: profiles (mergeable sketches) of live traffic and baselines, drift, performance with
 * late labels and its estimate, monitors and alerts. A client of deployments, models and features.
 */
@org.springframework.modulith.ApplicationModule(displayName = "Monitoring")
package io.esteira.monitoring;
