package io.esteira.shared;

import java.util.Map;
import java.util.Optional;

/** Input that breaks a rule; {@code fieldErrors} name the fields and what is wrong with each. */
public class InvalidRequestException extends RuntimeException {

    private final Map<String, String> fieldErrors;
    private Remedy remedy;
    private io.esteira.shared.errors.TextPosition position;

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

    public InvalidRequestException withRemedy(Remedy remedy) {
        this.remedy = remedy;
        return this;
    }

    public Optional<Remedy> remedy() {
        return Optional.ofNullable(remedy);
    }

    /** Where in the field's text the fault is (a SQL or cron error), for the field and the API's problem. */
    public InvalidRequestException at(io.esteira.shared.errors.TextPosition position) {
        this.position = position;
        return this;
    }

    public Optional<io.esteira.shared.errors.TextPosition> position() {
        return Optional.ofNullable(position);
    }
}
