package io.esteira.shared;

/**
 * The object does not exist, or the caller may not know that it exists. Both answer the same;
 * a {@linkplain #denied denial} is recorded in the audit log as well.
 */
public class NotFoundException extends RuntimeException {

    private final String objectType;
    private final String objectId;
    private final boolean denial;

    public NotFoundException(String objectType, Object id) {
        this(objectType, id, false);
    }

    private NotFoundException(String objectType, Object id, boolean denial) {
        super(objectType + " " + id + " was not found");
        this.objectType = objectType;
        this.objectId = String.valueOf(id);
        this.denial = denial;
    }

    /**
     * The object exists (or might) in an area the caller may not read: answered exactly as an unknown one,
     * but recorded as a refused access.
     */
    public static NotFoundException denied(String objectType, Object id) {
        return new NotFoundException(objectType, id, true);
    }

    /** Whether this hides a refusal (another area's object) rather than a plain unknown one. */
    public boolean isDenial() {
        return denial;
    }

    public String objectType() {
        return objectType;
    }

    public String objectId() {
        return objectId;
    }
}
