package io.esteira.shared;

/** The caller may see the object but not do this to it. */
public class ForbiddenException extends RuntimeException {

    public ForbiddenException(String message) {
        super(message);
    }
}
