package io.esteira.identity.security;

import java.time.Instant;
import org.springframework.security.core.AuthenticationException;

/** A sign-in attempt refused without checking the password: too many failures of that name or from that address. */
public class SignInThrottledException extends AuthenticationException {

    private final transient Instant until;
    private final boolean locked;

    SignInThrottledException(Instant until, boolean locked) {
        super("Too many failed sign-in attempts" + (locked ? ": locked until " : ": wait until ") + until);
        this.until = until;
        this.locked = locked;
    }

    public Instant until() {
        return until;
    }

    public boolean locked() {
        return locked;
    }
}
