package io.esteira.identity;

import io.esteira.identity.IdentityEvents.SsoLinkRequestDismissed;
import io.esteira.identity.IdentityEvents.UserCreated;
import io.esteira.identity.IdentityEvents.UserLinkedToSso;
import io.esteira.identity.IdentityEvents.UserUpdated;
import io.esteira.identity.domain.Origin;
import io.esteira.identity.domain.SsoLinkRequest;
import io.esteira.identity.domain.SsoLinkRequests;
import io.esteira.identity.domain.User;
import io.esteira.identity.domain.Users;
import io.esteira.shared.Changes;
import io.esteira.shared.InvalidRequestException;
import io.esteira.shared.NotFoundException;
import io.esteira.shared.Paging;
import io.esteira.shared.Trace;
import io.esteira.shared.Validation;
import io.esteira.shared.security.CurrentUser;
import io.esteira.shared.security.Role;
import jakarta.validation.Validator;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.data.domain.Page;
import org.springframework.data.domain.Pageable;
import org.springframework.orm.ObjectOptimisticLockingFailureException;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** The identity module's facade for administrators: people, their roles, and whether they may sign in. */
@Service
@Transactional(readOnly = true)
@PreAuthorize("hasRole('ADMIN')")
public class IdentityService {

    private final Users users;
    private final SsoLinkRequests linkRequests;
    private final PasswordEncoder passwords;
    private final Validator validator;
    private final ApplicationEventPublisher events;
    private final Clock clock;

    IdentityService(Users users, SsoLinkRequests linkRequests, PasswordEncoder passwords, Validator validator,
            ApplicationEventPublisher events, Clock clock) {
        this.clock = clock;
        this.users = users;
        this.linkRequests = linkRequests;
        this.passwords = passwords;
        this.validator = validator;
        this.events = events;
    }

    public Page<UserSummary> list(String filter, Pageable pageable) {
        Page<User> page = users.search(filter == null ? "" : filter.strip(), Paging.orderedBy(pageable, "username"));
        Map<UUID, SsoLinkRequest> pending = page.isEmpty() ? Map.of()
                : linkRequests.findByUserIdIn(page.map(User::getId).getContent()).stream()
                        .collect(Collectors.toMap(SsoLinkRequest::getUserId, Function.identity()));
        return page.map(u -> summary(u, pending.get(u.getId())));
    }

    public long count() {
        return users.count();
    }

    public UserSummary get(UUID userId) {
        return summary(load(userId));
    }

    /** The pending requests to link an account to single sign-on, the latest attempt first. */
    public List<SsoLinkRequestSummary> ssoLinkRequests() {
        List<SsoLinkRequest> pending = linkRequests.findAllByOrderByRequestedAtDesc();
        Map<UUID, User> accounts = users.findAllById(pending.stream().map(SsoLinkRequest::getUserId).toList()).stream()
                .collect(Collectors.toMap(User::getId, Function.identity()));
        return pending.stream().filter(r -> accounts.containsKey(r.getUserId()))
                .map(r -> requestSummary(accounts.get(r.getUserId()), r)).toList();
    }

    /**
     * Links the account to the identity provider's subject of its pending request: it keeps its id, history, areas and
     * roles (the next single sign-on syncs them from the identity provider), its password is removed, its API tokens stay.
     *
     * @param expectedSubject the subject the administrator was shown (null: whatever is pending); a request that changed
     *                        meanwhile (another person tried) is refused rather than linked unseen
     * @throws SsoLinkRefused when no request is pending, or the account is a service account, disabled or already linked,
     *                        or the subject is already another account's
     */
    @Transactional
    public UserSummary linkToSingleSignOn(UUID userId, String expectedSubject) {
        User user = load(userId);
        SsoLinkRequest request = linkRequests.findById(userId).orElseThrow(() -> new SsoLinkRefused(
                "No single sign-on is waiting to be linked to " + user.getUsername() + "."));
        String subject = request.getSubject();
        if (expectedSubject != null && !expectedSubject.equals(subject)) {
            throw new SsoLinkRefused("Someone else tried single sign-on as " + user.getUsername()
                    + " meanwhile. Look at the request again before you link it.");
        }
        if (user.getOrigin() == Origin.SERVICE) {
            throw new SsoLinkRefused(user.getUsername() + " is a service (pipeline) account: pipelines use API tokens, "
                    + "never single sign-on. Dismiss the request.");
        }
        if (user.getOrigin() == Origin.SSO || user.getExternalSubject() != null) {
            throw new SsoLinkRefused(user.getUsername() + " is already linked to single sign-on, as another person of the "
                    + "identity provider. Dismiss the request.");
        }
        if (!user.isEnabled()) {
            throw new SsoLinkRefused(user.getUsername() + " is disabled. Enable it first if this person should use it.");
        }
        users.findByExternalSubject(subject).ifPresent(other -> {
            throw new SsoLinkRefused("This single sign-on identity already signs in as " + other.getUsername()
                    + ". Dismiss the request, or ask the identity provider's administrators why it has two names.");
        });
        String previousOrigin = user.getOrigin().name();
        user.linkToSingleSignOn(subject, clock.instant());
        linkRequests.delete(request);
        try {
            users.saveAndFlush(user);
            linkRequests.flush();
        } catch (DataIntegrityViolationException e) {
            throw new SsoLinkRefused("This single sign-on identity was linked to another account meanwhile. Reload and look again.");
        }
        events.publishEvent(new UserLinkedToSso(userId, user.getUsername(), subject, previousOrigin, Trace.capture(clock)));
        return summary(user, null);
    }

    /** Forgets a pending request to link the account to single sign-on (e.g. another person's name collided). */
    @Transactional
    public void dismissSsoLinkRequest(UUID userId) {
        User user = load(userId);
        SsoLinkRequest request = linkRequests.findById(userId)
                .orElseThrow(() -> new NotFoundException("single sign-on link request", userId));
        linkRequests.delete(request);
        linkRequests.flush();
        events.publishEvent(new SsoLinkRequestDismissed(userId, user.getUsername(), request.getSubject(), Trace.capture(clock)));
    }

    @Transactional
    public UserSummary createLocalUser(NewLocalUser request) {
        Validation.check(validator, request, "user");
        if (users.existsByUsername(request.username())) {
            throw new InvalidRequestException("username", "The user name " + request.username() + " is taken");
        }
        User user = User.local(request.username(), request.displayName().strip(), blankToNull(request.email()),
                passwords.encode(request.password()), clock.instant());
        user.changeRoles(request.roles() == null ? Set.of() : request.roles(), clock.instant());
        users.save(user);
        events.publishEvent(new UserCreated(user.getId(), user.getUsername(), "LOCAL", user.getRoles(), Trace.capture(clock)));
        return summary(user);
    }

    /** Changes roles and whether the person may sign in; disabling ends their sessions at their next request. */
    @Transactional
    public UserSummary update(UUID userId, String displayName, Set<Role> roles, boolean enabled, long expectedVersion) {
        User user = load(userId);
        if (user.getVersion() != expectedVersion) {
            throw new ObjectOptimisticLockingFailureException(User.class, userId);
        }
        if (displayName == null || displayName.isBlank()) {
            throw new InvalidRequestException("displayName", "A display name is required");
        }
        boolean self = CurrentUser.get().map(u -> u.userId().equals(userId)).orElse(false);
        if (self && (!enabled || !roles.contains(Role.ADMIN))) {
            throw new InvalidRequestException("roles", "You cannot disable yourself or remove your own ADMIN role");
        }
        Changes changes = new Changes()
                .field("displayName", user.getDisplayName(), displayName.strip())
                .field("roles", user.getRoles(), roles)
                .field("enabled", user.isEnabled(), enabled);
        if (changes.isEmpty()) {
            return summary(user);
        }
        user.changeProfile(displayName.strip(), user.getEmail(), clock.instant());
        user.changeRoles(roles, clock.instant());
        user.setEnabled(enabled, clock.instant());
        users.saveAndFlush(user);
        events.publishEvent(new UserUpdated(userId, changes.asMap(), Trace.capture(clock)));
        return summary(user);
    }

    private User load(UUID userId) {
        return users.findById(userId).orElseThrow(() -> new NotFoundException("user", userId));
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }

    private UserSummary summary(User u) {
        return summary(u, linkRequests.findById(u.getId()).orElse(null));
    }

    private static UserSummary summary(User u, SsoLinkRequest pending) {
        return new UserSummary(u.getId(), u.getUsername(), u.getDisplayName(), u.getEmail(), u.getOrigin().name(),
                u.getRoles(), u.isEnabled(), u.getLastSignInAt(), u.getVersion(), pending == null ? null : requestSummary(u, pending));
    }

    private static SsoLinkRequestSummary requestSummary(User u, SsoLinkRequest r) {
        return new SsoLinkRequestSummary(u.getId(), u.getUsername(), u.getOrigin().name(), u.isEnabled(), r.getSubject(),
                r.getDisplayName(), r.getEmail(), r.getFirstRequestedAt(), r.getRequestedAt(), r.getAttempts());
    }
}
