package io.esteira.models;

import java.util.List;

/**
 * One input or output of a model: its name, element type ({@code float}, {@code double},
 * {@code int64}, {@code int32}, {@code string}, {@code bool}) and shape, {@code -1} for a
 * dimension of any size (the batch).
 */
public record TensorSpec(String name, String type, List<Long> shape) {

    public static final List<String> TYPES = List.of("float", "double", "int64", "int32", "int16", "int8", "uint8", "string", "bool", "float16");

    public TensorSpec {
        shape = shape == null ? List.of() : List.copyOf(shape);
    }

    @Override
    public String toString() {
        return name + ": " + type + shape.stream().map(d -> d < 0 ? "N" : String.valueOf(d)).toList();
    }
}
