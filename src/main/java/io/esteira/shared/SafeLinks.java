package io.esteira.shared;

import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Addresses from Markdown written by pipelines and people (model cards, evidence) made safe for a
 * reviewer's browser: links to http, https and mailto addresses or within the portal, images from
 * the portal only. Browsers forgive a lot ({@code /\host} and {@code /<tab>/host} are {@code //host},
 * another origin), so an address with a backslash, a control or invisible character, or an encoded one of
 * those is refused outright, and "within the portal" is decided by resolving the address against the
 * portal's origin and comparing origins, not by its first character.
 */
public final class SafeLinks {

    private static final URI PORTAL = URI.create("https://portal.invalid/");
    /** Backslash, ASCII controls and DEL, and the invisible or direction-changing characters of Unicode. */
    private static final Pattern FORBIDDEN = Pattern.compile("[\\\\\\x00-\\x1f\\x7f\\u0080-\\u009f\\u00ad\\u200b-\\u200f\\u2028-\\u202e\\u2060-\\u2064\\ufeff]");
    /** The same, percent-encoded (any case). */
    private static final Pattern FORBIDDEN_ENCODED = Pattern.compile("%(5c|[01][0-9a-f]|7f)", Pattern.CASE_INSENSITIVE);

    private SafeLinks() {
    }

    /** The address when a link may point at it, else "". */
    public static String link(String url) {
        String candidate = clean(url);
        if (candidate == null) {
            return "";
        }
        String lower = candidate.toLowerCase(Locale.ROOT);
        if (lower.startsWith("http://") || lower.startsWith("https://")) {
            return absoluteWithHost(candidate) ? candidate : "";
        }
        if (lower.startsWith("mailto:")) {
            return candidate;
        }
        return withinPortal(candidate) ? candidate : "";
    }

    /** The address when it stays on the portal's own origin (for images: nothing loads from elsewhere), else "". */
    public static String portalOnly(String url) {
        String candidate = clean(url);
        return candidate != null && withinPortal(candidate) ? candidate : "";
    }

    private static String clean(String url) {
        if (url == null) {
            return null;
        }
        String trimmed = url.strip();
        if (trimmed.isEmpty() || FORBIDDEN.matcher(trimmed).find() || FORBIDDEN_ENCODED.matcher(trimmed).find()) {
            return null;
        }
        // once decoded too: an address decoded by a server or a later step must not turn into one we refuse
        String decoded = decode(trimmed);
        if (decoded == null || FORBIDDEN.matcher(decoded).find() || FORBIDDEN_ENCODED.matcher(decoded).find()) {
            return null;
        }
        return trimmed;
    }

    private static String decode(String text) {
        try {
            return URLDecoder.decode(text.replace("+", "%2B"), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /** A path, query or fragment of the portal: resolved against the portal's origin, it keeps that origin. */
    private static boolean withinPortal(String candidate) {
        if (!(candidate.startsWith("/") || candidate.startsWith("#") || candidate.startsWith("?"))) {
            return false; // no scheme-relative, no other scheme, no bare "host/path" a browser may read otherwise
        }
        if (candidate.startsWith("//") || decode(candidate).startsWith("//")) {
            return false;
        }
        try {
            URI resolved = PORTAL.resolve(new URI(candidate));
            return sameOrigin(resolved, PORTAL) && resolved.getRawUserInfo() == null;
        } catch (URISyntaxException | IllegalArgumentException e) {
            return false;
        }
    }

    private static boolean absoluteWithHost(String candidate) {
        try {
            URI uri = new URI(candidate);
            return uri.getHost() != null && !uri.getHost().isBlank();
        } catch (URISyntaxException e) {
            return false;
        }
    }

    private static boolean sameOrigin(URI a, URI b) {
        return a.getScheme() != null && a.getScheme().equalsIgnoreCase(b.getScheme())
                && a.getHost() != null && a.getHost().equalsIgnoreCase(b.getHost())
                && a.getPort() == b.getPort();
    }
}
