package io.esteira.identity.security;

import io.esteira.shared.security.SignedInUser;
import io.esteira.shared.security.Role;
import java.util.List;
import java.util.Set;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;

final class Authorities {

    private Authorities() {
    }

    /**
     * The authorities that method security checks. A token limited to one area carries no
     * platform-wide power (administrator, reviewer); inside its area the area policy still applies.
     */
    static List<GrantedAuthority> of(SignedInUser user) {
        return user.roles().stream()
                .filter(r -> user.areaScope() == null || !PLATFORM_WIDE.contains(r))
                .map(r -> (GrantedAuthority) new SimpleGrantedAuthority(r.authority()))
                .toList();
    }

    private static final Set<Role> PLATFORM_WIDE = Set.of(Role.ADMIN, Role.REVIEWER, Role.RISK_REVIEWER, Role.GOVERNANCE_REVIEWER);
}
