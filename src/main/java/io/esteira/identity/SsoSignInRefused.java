package io.esteira.identity;

/**
 * The portal refused a person the identity provider vouched for, with the reason in the portal's terms.
 * The message is for the log and the audit trail; the person is told {@link Reason#advice()}.
 */
public class SsoSignInRefused extends RuntimeException {

    /** Why single sign-on was refused; {@code code} travels in the sign-in page's address, nothing else does. */
    public enum Reason {
        NAME_IS_LOCAL_ACCOUNT("name-is-local-account",
                "Your single sign-on name matches a local account of the portal. Ask a platform administrator to link that account "
                        + "to your single sign-on (Users → Link to single sign-on)."),
        ACCOUNT_DISABLED("account-disabled",
                "Your account in the portal is disabled. Ask a platform administrator to enable it."),
        IDENTITY_PROVIDER("identity-provider",
                "Single sign-on did not complete. Try again; if it keeps failing, ask a platform administrator to check the portal's single sign-on settings.");

        private final String code;
        private final String advice;

        Reason(String code, String advice) {
            this.code = code;
            this.advice = advice;
        }

        public String code() {
            return code;
        }

        /** What the person reads on the sign-in page: what happened and what to ask an administrator. */
        public String advice() {
            return advice;
        }

        /** The reason of a code from the sign-in page's address; anything unknown reads as a generic failure. */
        public static Reason ofCode(String code) {
            for (Reason reason : values()) {
                if (reason.code.equals(code)) {
                    return reason;
                }
            }
            return IDENTITY_PROVIDER;
        }
    }

    private final Reason reason;
    private final String username;

    public SsoSignInRefused(Reason reason, String username, String message) {
        super(message);
        this.reason = reason;
        this.username = username;
    }

    public Reason reason() {
        return reason;
    }

    /** The portal user name the identity provider's claims map to. */
    public String username() {
        return username;
    }
}
