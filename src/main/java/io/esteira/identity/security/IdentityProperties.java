package io.esteira.identity.security;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * @param oidcIssuerUri      issuer of the bank's identity provider; SSO and JWTs are on when set
 * @param rolesClaim         claim holding portal roles (DATA_SCIENTIST, REVIEWER, RISK_REVIEWER, GOVERNANCE_REVIEWER, MANAGER, ADMIN)
 * @param areasClaim         claim holding area memberships as {@code AREA_CODE:ROLE}
 * @param usernameClaim      claim holding the user name
 * @param bootstrapAdminPassword creates the first administrator {@code admin} when no administrator exists
 */
@ConfigurationProperties("esteira.identity")
public record IdentityProperties(String oidcIssuerUri, String oidcClientId, String oidcClientSecret,
        String rolesClaim, String areasClaim, String usernameClaim, String bootstrapAdminPassword) {

    public boolean ssoEnabled() {
        return oidcIssuerUri != null && !oidcIssuerUri.isBlank();
    }
}
