package io.esteira.models.onnx;

import ai.onnxruntime.OnnxJavaType;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import java.nio.ByteBuffer;
import java.nio.DoubleBuffer;
import java.nio.FloatBuffer;
import java.nio.IntBuffer;
import java.nio.LongBuffer;
import java.util.List;

/**
 * One model input as an ONNX tensor, one value per row, of a signature's element type: for the
 * smoke-prediction gate and for serving. Numbers may come as numbers or text (sample rows from a
 * source), booleans as true/false or 1/0.
 */
public final class OnnxColumns {

    private OnnxColumns() {
    }

    /** An ONNX element type as signatures write it ("float", "int64", "string"…). */
    public static String typeName(ai.onnxruntime.OnnxJavaType type) {
        return switch (type) {
            case FLOAT -> "float";
            case DOUBLE -> "double";
            case INT64 -> "int64";
            case INT32 -> "int32";
            case INT16 -> "int16";
            case INT8 -> "int8";
            case UINT8 -> "uint8";
            case BOOL -> "bool";
            case STRING -> "string";
            case FLOAT16 -> "float16";
            default -> type.name().toLowerCase(java.util.Locale.ROOT);
        };
    }

    /** @throws IllegalArgumentException for a value that is not of the type, or a type that is not supported */
    public static OnnxTensor tensor(OrtEnvironment env, String type, List<Object> values, long[] shape) throws OrtException {
        int n = values.size();
        switch (type) {
            case "float" -> {
                FloatBuffer b = FloatBuffer.allocate(n);
                values.forEach(v -> b.put((float) number(v)));
                return OnnxTensor.createTensor(env, b.flip(), shape);
            }
            case "double" -> {
                DoubleBuffer b = DoubleBuffer.allocate(n);
                values.forEach(v -> b.put(number(v)));
                return OnnxTensor.createTensor(env, b.flip(), shape);
            }
            case "int64" -> {
                LongBuffer b = LongBuffer.allocate(n);
                values.forEach(v -> b.put(integral(v) ? ((Number) v).longValue() : Math.round(number(v))));
                return OnnxTensor.createTensor(env, b.flip(), shape);
            }
            case "int32" -> {
                IntBuffer b = IntBuffer.allocate(n);
                values.forEach(v -> b.put(integral(v) ? ((Number) v).intValue() : (int) Math.round(number(v))));
                return OnnxTensor.createTensor(env, b.flip(), shape);
            }
            case "bool" -> {
                ByteBuffer b = ByteBuffer.allocate(n);
                values.forEach(v -> b.put(bool(v) ? (byte) 1 : (byte) 0));
                return OnnxTensor.createTensor(env, b.flip(), shape, OnnxJavaType.BOOL);
            }
            case "string" -> {
                return OnnxTensor.createTensor(env, values.stream().map(String::valueOf).toArray(String[]::new), shape);
            }
            default -> throw new IllegalArgumentException("values of type " + type + " are not supported");
        }
    }

    /** Whole numbers taken as they are, so that a long beyond 2^53 keeps every digit. */
    private static boolean integral(Object v) {
        return v instanceof Long || v instanceof Integer || v instanceof Short || v instanceof Byte;
    }

    private static double number(Object v) {
        if (v instanceof Number n) {
            return n.doubleValue();
        }
        if (v instanceof Boolean b) {
            return b ? 1 : 0;
        }
        String s = String.valueOf(v).strip();
        if (s.equalsIgnoreCase("true") || s.equalsIgnoreCase("false")) {
            return s.equalsIgnoreCase("true") ? 1 : 0;
        }
        try {
            return Double.parseDouble(s);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(s);
        }
    }

    private static boolean bool(Object v) {
        if (v instanceof Boolean b) {
            return b;
        }
        String s = String.valueOf(v).strip();
        if (s.equalsIgnoreCase("true") || s.equals("1")) {
            return true;
        }
        if (s.equalsIgnoreCase("false") || s.equals("0")) {
            return false;
        }
        throw new IllegalArgumentException(s);
    }
}
