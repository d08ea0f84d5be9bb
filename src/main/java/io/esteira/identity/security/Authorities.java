package io.esteira.identity.security;

import io.esteira.shared.security.SignedInUser;
import java.util.List;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;

final class Authorities {

    private Authorities() {
    }

    static List<GrantedAuthority> of(SignedInUser user) {
        return user.roles().stream().map(r -> (GrantedAuthority) new SimpleGrantedAuthority(r.authority())).toList();
    }
}
