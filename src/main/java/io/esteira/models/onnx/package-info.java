/**
 * Rows as ONNX tensors, by the element types of a model's signature: for the registry's smoke-prediction gate, for
 * serving ({@code deployments}) and for comparing a challenger with the champion ({@code training}).
 */
@org.springframework.modulith.NamedInterface("onnx")
package io.esteira.models.onnx;
