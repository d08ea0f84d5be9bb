package io.esteira.shared;

/** The object does not exist, or the caller may not know that it exists. */
public class NotFoundException extends RuntimeException {

    public NotFoundException(String objectType, Object id) {
        super(objectType + " " + id + " was not found");
    }
}
