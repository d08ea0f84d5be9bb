/**
 * Training: jobs of an area that train a model of the registry from a source and a point-in-time training
 * set of the feature store, and their runs (queued, claimed by one node, metered, cancellable, with a
 * bounded live log), executed by a runner ({@code local}: a process on the portal's node; {@code kubernetes}: a Job per run,
 * which fetches its inputs and sends its outputs through the portal with the run's one-time token). A run that
 * succeeds registers a new model version through the registry, with its lineage, so the registry's
 * gates run as for any registration. Retraining policies, recommendations and challengers come next.
 */
@org.springframework.modulith.ApplicationModule(displayName = "Training")
package io.esteira.training;
