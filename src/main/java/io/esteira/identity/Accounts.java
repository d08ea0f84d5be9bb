package io.esteira.identity;

import io.esteira.areas.AreaRole;
import io.esteira.areas.AreaService;
import io.esteira.identity.IdentityEvents.UserCreated;
import io.esteira.identity.IdentityEvents.UserUpdated;
import io.esteira.identity.domain.Origin;
import io.esteira.identity.domain.User;
import io.esteira.identity.domain.Users;
import io.esteira.shared.Changes;
import io.esteira.shared.Trace;
import io.esteira.shared.security.ActorType;
import io.esteira.shared.security.Role;
import io.esteira.shared.security.SignedInUser;
import java.time.Clock;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Turns stored accounts into the signed-in user of a request (global roles plus the roles of the
 * person's area memberships), and provisions accounts that the identity provider vouches for.
 */
@Service
@Transactional
public class Accounts {

    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(Accounts.class);

    private final Users users;
    private final AreaService areas;
    private final ApplicationEventPublisher events;
    private final PendingSsoLinks pendingLinks;
    private final Clock clock;

    Accounts(Users users, AreaService areas, ApplicationEventPublisher events, PendingSsoLinks pendingLinks, Clock clock) {
        this.clock = clock;
        this.users = users;
        this.areas = areas;
        this.events = events;
        this.pendingLinks = pendingLinks;
    }

    @Transactional(readOnly = true)
    public SignedInUser signedInUser(UUID userId, String tokenName, UUID areaScope) {
        User user = users.findById(userId).orElseThrow();
        return toSignedIn(user, tokenName, areaScope);
    }

    SignedInUser toSignedIn(User user, String tokenName, UUID areaScope) {
        Set<Role> roles = EnumSet.noneOf(Role.class);
        roles.addAll(user.getRoles());
        Map<UUID, AreaRole> areaRoles = areas.rolesOf(user.getId());
        areaRoles.forEach((areaId, role) -> {
            if (areaScope == null || areaScope.equals(areaId)) {
                roles.add(Role.valueOf(role.name()));
            }
        });
        return new SignedInUser(user.getId(), user.getUsername(), user.getDisplayName(), roles,
                user.getOrigin() == Origin.SERVICE ? ActorType.PIPELINE : tokenName == null ? ActorType.USER : ActorType.TOKEN,
                tokenName, areaScope);
    }

    /**
     * The person the identity provider signed in, created on first sign-in and kept in step after. A name that is already an
     * account (not linked to this subject) is refused and left as a request to link that account, which an administrator
     * links or dismisses ({@link IdentityService#linkToSingleSignOn}).
     *
     * @throws SsoSignInRefused when the name is a local account not linked to this subject, or the account is disabled
     */
    public SignedInUser provisionFromIdentityProvider(IdentityClaims claims) {
        Trace trace = Trace.anonymous(claims.username(), clock);
        User user = users.findByExternalSubject(claims.subject()).orElse(null);
        if (user == null) {
            User existing = users.findByUsername(claims.username()).orElse(null);
            if (existing != null) {
                rememberLinkRequest(existing, claims, trace);
                throw new SsoSignInRefused(SsoSignInRefused.Reason.NAME_IS_LOCAL_ACCOUNT, claims.username(),
                        "the name " + claims.username() + " is already a local account (not linked to subject "
                                + claims.subject() + "); an administrator must link it to single sign-on");
            }
            user = users.save(User.sso(claims.subject(), claims.username(), claims.displayName(), claims.email(), clock.instant()));
            events.publishEvent(new UserCreated(user.getId(), user.getUsername(), "SSO", claims.roles(), trace));
        }
        if (!user.isEnabled()) {
            throw new SsoSignInRefused(SsoSignInRefused.Reason.ACCOUNT_DISABLED, user.getUsername(),
                    "the account " + user.getUsername() + " is disabled in the portal");
        }
        Changes changes = new Changes()
                .field("roles", user.getRoles(), claims.roles())
                .field("displayName", user.getDisplayName(), claims.displayName())
                .field("email", user.getEmail(), claims.email());
        if (!changes.isEmpty()) {
            events.publishEvent(new UserUpdated(user.getId(), changes.asMap(), trace));
        }
        user.changeProfile(claims.displayName(), claims.email(), clock.instant());
        user.changeRoles(claims.roles(), clock.instant());
        areas.syncMemberships(user.getId(), user.getUsername(), claims.areaRoles(), trace);
        return toSignedIn(user, null, null);
    }

    /** The refusal stands even when the request cannot be stored (e.g. two attempts at once: the other one stored it). */
    private void rememberLinkRequest(User existing, IdentityClaims claims, Trace trace) {
        try {
            pendingLinks.remember(existing, claims, trace);
        } catch (RuntimeException e) {
            log.warn("Could not remember the request to link {} to single sign-on: {}", existing.getUsername(), e.toString());
        }
    }

    /** What the identity provider says about a person, after mapping its claims. */
    public record IdentityClaims(String subject, String username, String displayName, String email, Set<Role> roles,
            Map<String, AreaRole> areaRoles) {
    }
}
