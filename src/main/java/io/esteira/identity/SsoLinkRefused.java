package io.esteira.identity;

/**
 * An administrator's link of an account to single sign-on (or dismissal of its request) that the account's state
 * does not allow: no request pending, a service account, a disabled account, an account already linked, or a subject
 * already linked to another account. The message says which, in the administrator's words; the API answers 409.
 */
public class SsoLinkRefused extends RuntimeException {

    public SsoLinkRefused(String message) {
        super(message);
    }
}
