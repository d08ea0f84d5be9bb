/**
 * Monitoring: profiles (mergeable sketches) of live traffic and baselines, data and prediction drift,
 * performance with late labels and its estimate, monitors and alerts. A client of deployments,
 * models and features. The statistics it computes live in {@code statistics}: pure Java, no Spring,
 * no database.
 */
@org.springframework.modulith.ApplicationModule(displayName = "Monitoring")
package io.esteira.monitoring;
