package io.esteira.identity.security;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.List;
import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.authority.SimpleGrantedAuthority;

/** The metrics scraper's credential (HTTP basic on {@code /actuator/**}), compared in constant time; it reaches nothing else. */
class ScrapeCredential implements AuthenticationProvider {

    static final String ROLE = "METRICS_SCRAPER";

    private final ManagementAccessProperties properties;

    ScrapeCredential(ManagementAccessProperties properties) {
        this.properties = properties;
    }

    @Override
    public Authentication authenticate(Authentication authentication) {
        String password = authentication.getCredentials() == null ? "" : authentication.getCredentials().toString();
        boolean nameMatches = same(authentication.getName(), properties.scrapeUsername());
        boolean passwordMatches = properties.scrapeEnabled() && same(password, properties.scrapePassword());
        if (!(nameMatches & passwordMatches)) {
            throw new BadCredentialsException("Not the scrape credential");
        }
        return UsernamePasswordAuthenticationToken.authenticated(properties.scrapeUsername(), null,
                List.of(new SimpleGrantedAuthority("ROLE_" + ROLE)));
    }

    /** 401 with a Basic challenge, written directly. */
    static void challenge(jakarta.servlet.http.HttpServletRequest request, jakarta.servlet.http.HttpServletResponse response,
            org.springframework.security.core.AuthenticationException exception) {
        response.setHeader("WWW-Authenticate", "Basic realm=\"esteira-management\"");
        response.setStatus(401);
    }

    @Override
    public boolean supports(Class<?> authentication) {
        return UsernamePasswordAuthenticationToken.class.isAssignableFrom(authentication);
    }

    private static boolean same(String given, String expected) {
        return MessageDigest.isEqual(digest(given), digest(expected));
    }

    private static byte[] digest(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest((text == null ? "" : text).getBytes(StandardCharsets.UTF_8));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
