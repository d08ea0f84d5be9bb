/**
 * The model registry: models per business area with their risk tier and metric thresholds;
 * immutable versions with the artifact (ONNX bytes the portal serves, or an external address),
 * signature, metrics, lineage to the feature store, model card and checksum; quality gates that run
 * in the background on every registration; aliases such as {@code champion}; and the CI/CD API.
 */
@org.springframework.modulith.ApplicationModule(displayName = "Model registry")
package io.esteira.models;
