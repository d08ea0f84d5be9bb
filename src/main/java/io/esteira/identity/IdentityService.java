package io.esteira.identity;

import io.esteira.identity.IdentityEvents.UserCreated;
import io.esteira.identity.IdentityEvents.UserUpdated;
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
import java.util.Set;
import java.util.UUID;
import org.springframework.context.ApplicationEventPublisher;
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
    private final PasswordEncoder passwords;
    private final Validator validator;
    private final ApplicationEventPublisher events;

    IdentityService(Users users, PasswordEncoder passwords, Validator validator, ApplicationEventPublisher events) {
        this.users = users;
        this.passwords = passwords;
        this.validator = validator;
        this.events = events;
    }

    public Page<UserSummary> list(String filter, Pageable pageable) {
        return users.search(filter == null ? "" : filter.strip(), Paging.orderedBy(pageable, "username"))
                .map(IdentityService::summary);
    }

    public long count() {
        return users.count();
    }

    public UserSummary get(UUID userId) {
        return summary(load(userId));
    }

    @Transactional
    public UserSummary createLocalUser(NewLocalUser request) {
        Validation.check(validator, request, "user");
        if (users.existsByUsername(request.username())) {
            throw new InvalidRequestException("username", "The user name " + request.username() + " is taken");
        }
        User user = User.local(request.username(), request.displayName().strip(), blankToNull(request.email()),
                passwords.encode(request.password()));
        user.changeRoles(request.roles() == null ? Set.of() : request.roles());
        users.save(user);
        events.publishEvent(new UserCreated(user.getId(), user.getUsername(), "LOCAL", user.getRoles(), Trace.capture()));
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
        user.changeProfile(displayName.strip(), user.getEmail());
        user.changeRoles(roles);
        user.setEnabled(enabled);
        users.saveAndFlush(user);
        events.publishEvent(new UserUpdated(userId, changes.asMap(), Trace.capture()));
        return summary(user);
    }

    private User load(UUID userId) {
        return users.findById(userId).orElseThrow(() -> new NotFoundException("user", userId));
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }

    static UserSummary summary(User u) {
        return new UserSummary(u.getId(), u.getUsername(), u.getDisplayName(), u.getEmail(), u.getOrigin().name(),
                u.getRoles(), u.isEnabled(), u.getLastSignInAt(), u.getVersion());
    }
}
