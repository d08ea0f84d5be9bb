package io.esteira.shared;

/** Work that the person cancelled (their Cancel button): nothing of it was kept. Not a failure to report. */
public class CancelledException extends RuntimeException {

    public CancelledException() {
        super("Cancelled: nothing was kept");
    }
}
