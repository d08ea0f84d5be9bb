package io.esteira.identity.security;

import io.esteira.shared.Trace;
import java.time.Clock;
import java.util.Optional;
import org.slf4j.MDC;
import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.authentication.dao.DaoAuthenticationProvider;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.web.authentication.WebAuthenticationDetails;
import org.springframework.stereotype.Component;

/**
 * The sign-in of local accounts (user name and password), throttled: an attempt of a name or from an
 * address that must still wait is refused before its password is checked, and audited.
 */
@Component
class LocalSignIn implements AuthenticationProvider {

    private final DaoAuthenticationProvider passwords;
    private final SignInThrottle throttle;
    private final SignInAuditor auditor;
    private final Clock clock;

    LocalSignIn(LocalAccounts accounts, PasswordEncoder encoder, SignInThrottle throttle, SignInAuditor auditor, Clock clock) {
        this.clock = clock;
        this.passwords = new DaoAuthenticationProvider(accounts::loadUserByUsername);
        this.passwords.setPasswordEncoder(encoder);
        this.throttle = throttle;
        this.auditor = auditor;
    }

    @Override
    public Authentication authenticate(Authentication authentication) throws AuthenticationException {
        String username = authentication.getName();
        String address = address(authentication);
        Optional<SignInThrottle.Refusal> refusal = throttle.attempt(username, address);
        if (refusal.isPresent()) {
            SignInThrottle.Refusal r = refusal.get();
            auditor.failed(Trace.anonymous(username, clock), (r.locked() ? "refused: locked after too many failed attempts, until "
                    : "refused: too many failed attempts, wait until ") + r.until());
            throw new SignInThrottledException(r.until(), r.locked());
        }
        Authentication result;
        try {
            result = passwords.authenticate(authentication);
        } catch (AuthenticationException e) {
            throttle.failed(username, address);
            throw e;
        }
        throttle.succeeded(username, address);
        return result;
    }

    @Override
    public boolean supports(Class<?> authentication) {
        return UsernamePasswordAuthenticationToken.class.isAssignableFrom(authentication);
    }

    /** The client's address as the servlet container resolved it (X-Forwarded-For only from trusted proxies). */
    static String address(Authentication authentication) {
        if (authentication.getDetails() instanceof WebAuthenticationDetails details && details.getRemoteAddress() != null) {
            return details.getRemoteAddress();
        }
        return MDC.get(Trace.MDC_CLIENT_ADDRESS);
    }
}
