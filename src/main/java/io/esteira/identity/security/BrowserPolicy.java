package io.esteira.identity.security;

import java.net.URI;

/**
 * The Content-Security-Policy of the portal's pages and of the API's answers.
 *
 * Vaadin Flow needs {@code script-src 'unsafe-inline' 'unsafe-eval'} (its bootstrap starts the client
 * engine with an inline script, and the engine builds functions from the expressions the server sends)
 * and {@code style-src 'unsafe-inline'} (components set inline styles). Everything else stays on the
 * portal's own origin: no plug-ins, no foreign base URL, forms only to the portal (and to the identity
 * provider, when SSO is on), and only the portal may frame its pages.
 */
final class BrowserPolicy {

    /** JSON and files: nothing in them may run or load anything, and nobody frames them. */
    static final String API = "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";

    private BrowserPolicy() {
    }

    static String portal(IdentityProperties identity) {
        String formAction = "'self'";
        if (identity.ssoEnabled()) {
            formAction += " " + origin(identity.oidcIssuerUri());
        }
        return "default-src 'self'; "
                + "script-src 'self' 'unsafe-inline' 'unsafe-eval'; "
                + "style-src 'self' 'unsafe-inline'; "
                + "img-src 'self' data: blob:; "
                + "font-src 'self' data:; "
                + "connect-src 'self'; "
                + "worker-src 'self' blob:; "
                + "frame-ancestors 'self'; "
                + "object-src 'none'; "
                + "base-uri 'self'; "
                + "form-action " + formAction + ";";
    }

    /** {@code scheme://host[:port]} of an address; refuses anything that could widen or break the policy. */
    static String origin(String address) {
        URI uri = URI.create(address.strip());
        if (uri.getScheme() == null || uri.getHost() == null || !(uri.getScheme().equals("https") || uri.getScheme().equals("http"))) {
            throw new IllegalArgumentException("The OIDC issuer must be an http(s) address: " + address);
        }
        return uri.getScheme() + "://" + uri.getHost() + (uri.getPort() > 0 ? ":" + uri.getPort() : "");
    }
}
