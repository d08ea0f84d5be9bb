package io.esteira.shared.ui;

/**
 * A count beside a menu entry for the signed-in user, e.g. the change requests awaiting their review
 * beside Approvals; implemented by the module that owns the entry, read again at every navigation.
 */
public interface MenuCount {

    /** The menu entry's path, as in its view's {@code @Route}. */
    String path();

    /** What waits for the signed-in user there; 0 shows nothing. */
    long count();

    /** Read aloud and shown on hover, e.g. "3 change requests await your review". */
    String describe(long count);
}
