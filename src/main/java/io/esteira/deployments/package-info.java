/**
 * Deployments of model versions and their serving. A deployment is an endpoint (a name in an area)
 * and the releases that follow each other on it; each release names a version that passed its gates
 * and is released only through an approved change request (a client of {@code changes}, subject
 * type {@code deployment}), inside its change window. Rollouts all at once or as a canary taking a
 * share of the calls, promotion, a one-action rollback (a pre-approved standard change) and
 * retirement. Targets: {@code embedded} (ONNX Runtime in the portal: online sync and async, batch)
 * and {@code kubernetes} (KServe InferenceServices). Every call goes to the prediction log, which
 * the serving figures (and later monitoring) read.
 */
@org.springframework.modulith.ApplicationModule(displayName = "Deployments")
package io.esteira.deployments;
