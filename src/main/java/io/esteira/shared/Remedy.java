package io.esteira.shared;

import java.util.Map;

/**
 * What a person can do about a refusal, where the portal offers it: shown as a link beside the
 * message on screen, and answered as {@code remedy} in the API's problem.
 *
 * @param label what the link says, e.g. "Request access…"
 * @param href  the portal page that does it
 * @param api   the same for API clients: what to call, with which values
 */
public record Remedy(String label, String href, Map<String, Object> api) {

    /** The remedy an exception carries, if any. */
    public static java.util.Optional<Remedy> of(Throwable e) {
        if (e instanceof InvalidRequestException invalid) {
            return invalid.remedy();
        }
        if (e instanceof ForbiddenException forbidden) {
            return forbidden.remedy();
        }
        return java.util.Optional.empty();
    }
}
