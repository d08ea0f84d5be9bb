package io.esteira.shared.web;

import io.esteira.shared.InvalidRequestException;

/** The version a client read, from its If-Match header, for optimistic updates through the API. */
public final class IfMatch {

    private IfMatch() {
    }

    /** @param what the object, for the message, e.g. "area" */
    public static long version(String header, String what) {
        if (header == null || header.isBlank()) {
            throw new InvalidRequestException("If-Match", "Send the version you read as If-Match, so that no change is lost");
        }
        try {
            return Long.parseLong(header.replace("W/", "").replace("\"", "").strip());
        } catch (NumberFormatException e) {
            throw new InvalidRequestException("If-Match", "If-Match must be the " + what + "'s version, e.g. \"3\"");
        }
    }
}
