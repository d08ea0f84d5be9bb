package io.esteira.shared;

import java.util.Map;

/** Input that breaks a rule; {@code fieldErrors} name the fields and what is wrong with each. */
public class InvalidRequestException extends RuntimeException {

    private final Map<String, String> fieldErrors;

    public InvalidRequestException(String field, String message) {
        this(message, Map.of(field, message));
    }

    public InvalidRequestException(String message, Map<String, String> fieldErrors) {
        super(message);
        this.fieldErrors = Map.copyOf(fieldErrors);
    }

    public Map<String, String> fieldErrors() {
        return fieldErrors;
    }
}
