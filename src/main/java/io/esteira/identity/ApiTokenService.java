package io.esteira.identity;

import io.esteira.areas.AreaRole;
import io.esteira.areas.AreaService;
import io.esteira.identity.IdentityEvents.ApiTokenCreated;
import io.esteira.identity.IdentityEvents.ApiTokenRevoked;
import io.esteira.identity.IdentityEvents.UserCreated;
import io.esteira.identity.domain.ApiToken;
import io.esteira.identity.domain.ApiTokens;
import io.esteira.identity.domain.Origin;
import io.esteira.identity.domain.User;
import io.esteira.identity.domain.Users;
import io.esteira.shared.ForbiddenException;
import io.esteira.shared.InvalidRequestException;
import io.esteira.shared.NotFoundException;
import io.esteira.shared.Trace;
import io.esteira.shared.Validation;
import io.esteira.shared.security.CurrentUser;
import io.esteira.shared.security.Role;
import io.esteira.shared.security.SignedInUser;
import jakarta.validation.Validator;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** API tokens: created by their owner (service tokens by administrators), shown once, stored hashed, revocable. */
@Service
@Transactional(readOnly = true)
public class ApiTokenService {

    public static final String TOKEN_PREFIX = "est_";
    private static final Duration MAX_LIFETIME = Duration.ofDays(366);
    private static final Duration LAST_USE_RESOLUTION = Duration.ofMinutes(1);
    private static final Duration SSO_SIGN_IN_VALIDITY = Duration.ofDays(30);
    private static final SecureRandom RANDOM = new SecureRandom();

    private final ApiTokens tokens;
    private final Users users;
    private final Accounts accounts;
    private final AreaService areas;
    private final Validator validator;
    private final ApplicationEventPublisher events;
    private final Clock clock;

    ApiTokenService(ApiTokens tokens, Users users, Accounts accounts, AreaService areas,
            Validator validator, ApplicationEventPublisher events, Clock clock) {
        this.clock = clock;
        this.tokens = tokens;
        this.users = users;
        this.accounts = accounts;
        this.areas = areas;
        this.validator = validator;
        this.events = events;
    }

    @PreAuthorize("isAuthenticated()")
    @Transactional
    public CreatedToken create(TokenRequest request) {
        SignedInUser caller = CurrentUser.require();
        if (caller.areaScope() != null) {
            throw new ForbiddenException("A token limited to one area cannot create tokens");
        }
        Validation.check(validator, request, "token request");
        Instant expiresAt = request.expiresOn().plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant();
        if (expiresAt.isAfter(clock.instant().plus(MAX_LIFETIME))) {
            throw new InvalidRequestException("expiresOn", "A token may live at most one year");
        }
        UUID ownerId = caller.userId();
        if (request.service()) {
            if (!caller.isAdmin()) {
                throw new ForbiddenException("Only administrators create service tokens");
            }
            if (request.areaId() == null) {
                throw new InvalidRequestException("areaId", "A service token must be limited to one area");
            }
            areas.get(request.areaId());
            ownerId = serviceAccountFor(request.name(), request.areaId()).getId();
        } else if (request.areaId() != null) {
            areas.get(request.areaId());
        }
        String secret = TOKEN_PREFIX + randomPart();
        ApiToken token = tokens.save(new ApiToken(ownerId, request.name().strip(), secret.substring(0, 12), hash(secret),
                request.areaId(), request.service(), expiresAt, clock.instant()));
        events.publishEvent(new ApiTokenCreated(token.getId(), ownerId, token.getName(), token.getAreaId(),
                token.isService(), Trace.capture(clock)));
        return new CreatedToken(summary(token), secret);
    }

    @PreAuthorize("isAuthenticated()")
    public List<ApiTokenSummary> mine() {
        refuseScopedToken();
        return tokens.findByUserIdOrderByCreatedAtDesc(CurrentUser.require().userId()).stream().map(this::summary).toList();
    }

    @PreAuthorize("hasRole('ADMIN')")
    public List<ApiTokenSummary> serviceTokens() {
        return tokens.findByServiceTrueOrderByCreatedAtDesc().stream().map(this::summary).toList();
    }

    /** Owners revoke their own tokens; administrators also revoke service tokens. Others get "not found". */
    @PreAuthorize("isAuthenticated()")
    @Transactional
    public ApiTokenSummary revoke(UUID tokenId) {
        SignedInUser caller = refuseScopedToken();
        ApiToken token = tokens.findById(tokenId)
                .filter(t -> t.getUserId().equals(caller.userId()) || (t.isService() && caller.isAdmin()))
                .orElseThrow(() -> new NotFoundException("api-token", tokenId));
        if (token.getRevokedAt() == null) {
            token.revoke(clock.instant());
            events.publishEvent(new ApiTokenRevoked(token.getId(), token.getName(), token.getAreaId(), Trace.capture(clock)));
        }
        return summary(token);
    }

    /** The user a bearer token stands for, if the token is known, active and its owner may still sign in. */
    @Transactional
    public Optional<SignedInUser> authenticate(String secret, String clientAddress) {
        if (secret == null || !secret.startsWith(TOKEN_PREFIX)) {
            return Optional.empty();
        }
        Instant now = clock.instant();
        return tokens.findByTokenHash(hash(secret))
                .filter(t -> t.isUsable(now))
                .flatMap(t -> users.findById(t.getUserId()).filter(User::isEnabled).filter(u -> stillVouchedFor(u, now)).map(u -> {
                    if (t.getLastUsedAt() == null || t.getLastUsedAt().isBefore(now.minus(LAST_USE_RESOLUTION))) {
                        t.used(clientAddress, clock.instant());
                    }
                    return accounts.toSignedIn(u, t.getName(), t.getAreaId());
                }));
    }

    private static SignedInUser refuseScopedToken() {
        SignedInUser caller = CurrentUser.require();
        if (caller.areaScope() != null) {
            throw new ForbiddenException("A token limited to one area cannot manage tokens");
        }
        return caller;
    }

    /**
     * The identity provider, not the portal, knows who has left: an SSO person's tokens work only
     * while they keep signing in to the portal.
     */
    private static boolean stillVouchedFor(User user, Instant now) {
        return user.getOrigin() != Origin.SSO
                || (user.getLastSignInAt() != null && user.getLastSignInAt().isAfter(now.minus(SSO_SIGN_IN_VALIDITY)));
    }

    private User serviceAccountFor(String tokenName, UUID areaId) {
        String username = "svc." + tokenName.strip().toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-");
        User account = users.findByUsername(username).orElseGet(() -> {
            User created = users.save(User.service(username, "Pipeline " + tokenName.strip(), clock.instant()));
            created.changeRoles(Set.of(Role.DATA_SCIENTIST), clock.instant());
            events.publishEvent(new UserCreated(created.getId(), username, "SERVICE", Set.of(Role.DATA_SCIENTIST), Trace.capture(clock)));
            return created;
        });
        if (account.getOrigin() != Origin.SERVICE) {
            throw new InvalidRequestException("name", "The name clashes with the person " + username);
        }
        areas.addMember(areaId, account.getId(), AreaRole.DATA_SCIENTIST);
        return account;
    }

    private ApiTokenSummary summary(ApiToken t) {
        String owner = users.findById(t.getUserId()).map(User::getUsername).orElse("?");
        return new ApiTokenSummary(t.getId(), t.getName(), owner, t.getTokenPrefix(), t.getAreaId(), t.isService(),
                t.getCreatedAt(), t.getExpiresAt(), t.getRevokedAt(), t.getLastUsedAt(), t.getLastUsedFrom());
    }

    private static String randomPart() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    static String hash(String secret) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(secret.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
