package io.esteira.identity.security;

import io.esteira.areas.AreaRole;
import io.esteira.identity.Accounts.IdentityClaims;
import io.esteira.shared.security.Role;
import java.util.Collection;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.springframework.stereotype.Component;

/**
 * Maps the identity provider's claims to portal roles and area memberships. Unknown roles and
 * malformed area entries are ignored, never guessed.
 */
@Component
class ClaimMapper {

    private final IdentityProperties properties;

    ClaimMapper(IdentityProperties properties) {
        this.properties = properties;
    }

    IdentityClaims map(String subject, Map<String, Object> claims) {
        String username = string(claims.get(properties.usernameClaim()));
        if (username == null || username.isBlank()) {
            username = subject;
        }
        String name = string(claims.get("name"));
        Set<Role> roles = EnumSet.noneOf(Role.class);
        for (String value : strings(claims.get(properties.rolesClaim()))) {
            try {
                roles.add(Role.valueOf(value.strip().toUpperCase(Locale.ROOT)));
            } catch (IllegalArgumentException ignored) {
                // a role of another application
            }
        }
        Map<String, AreaRole> areas = new LinkedHashMap<>();
        for (String value : strings(claims.get(properties.areasClaim()))) {
            String[] parts = value.split(":", 2);
            if (parts.length == 2) {
                try {
                    areas.put(parts[0].strip().toUpperCase(Locale.ROOT),
                            AreaRole.valueOf(parts[1].strip().toUpperCase(Locale.ROOT)));
                } catch (IllegalArgumentException ignored) {
                    // not an area role
                }
            }
        }
        username = username.strip().toLowerCase(Locale.ROOT);
        return new IdentityClaims(subject, username, name == null || name.isBlank() ? username : name.strip(),
                string(claims.get("email")), roles, areas);
    }

    private static String string(Object value) {
        return value == null ? null : value.toString();
    }

    private static List<String> strings(Object value) {
        if (value instanceof Collection<?> c) {
            return c.stream().map(String::valueOf).toList();
        }
        if (value instanceof String s && !s.isBlank()) {
            return List.of(s.split("[,\\s]+"));
        }
        return List.of();
    }
}
