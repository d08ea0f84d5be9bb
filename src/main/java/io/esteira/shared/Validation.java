package io.esteira.shared;

import jakarta.validation.ConstraintViolation;
import jakarta.validation.Validator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/** Checks a request's Bean Validation rules in a service, whatever the caller (view, API, job). */
public final class Validation {

    private Validation() {
    }

    /** @throws InvalidRequestException naming each invalid field and what is wrong with it */
    public static <T> T check(Validator validator, T request, String what) {
        Set<ConstraintViolation<T>> violations = validator.validate(request);
        if (!violations.isEmpty()) {
            Map<String, String> errors = new LinkedHashMap<>();
            violations.forEach(v -> errors.putIfAbsent(v.getPropertyPath().toString(), v.getMessage()));
            throw new InvalidRequestException("The " + what + " has invalid fields: " + String.join(", ", errors.keySet()),
                    errors);
        }
        return request;
    }
}
