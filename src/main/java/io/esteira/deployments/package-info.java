/**
 * Deployments of model versions and their serving. A deployment is requested from a version that
 * passed its gates and is released only through an approved change request (a client of
 * {@code changes}, subject type {@code deployment}). This first piece: online synchronous serving
 * of ONNX artifacts with ONNX Runtime on the embedded target.
 */
@org.springframework.modulith.ApplicationModule(displayName = "Deployments")
package io.esteira.deployments;
