package io.esteira.shared;

/** The caller may see the object but not do this to it. */
public class ForbiddenException extends RuntimeException {

    private Remedy remedy;

    public ForbiddenException(String message) {
        super(message);
    }

    public ForbiddenException withRemedy(Remedy remedy) {
        this.remedy = remedy;
        return this;
    }

    public java.util.Optional<Remedy> remedy() {
        return java.util.Optional.ofNullable(remedy);
    }
}
