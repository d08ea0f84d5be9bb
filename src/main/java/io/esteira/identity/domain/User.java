package io.esteira.identity.domain;

import io.esteira.shared.security.Role;
import jakarta.persistence.CollectionTable;
import jakarta.persistence.Column;
import jakarta.persistence.ElementCollection;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.FetchType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.time.Instant;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.Set;
import java.util.UUID;

@Entity
@Table(name = "app_user")
public class User {

    @Id
    private UUID id;
    @Column(nullable = false, unique = true)
    private String username;
    @Column(name = "display_name", nullable = false)
    private String displayName;
    private String email;
    @Column(name = "password_hash")
    private String passwordHash;
    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    private Origin origin;
    @Column(name = "external_subject")
    private String externalSubject;
    private boolean enabled;
    @Column(name = "last_sign_in_at")
    private Instant lastSignInAt;
    @Column(name = "created_at", nullable = false)
    private Instant createdAt;
    @Column(name = "updated_at", nullable = false)
    private Instant updatedAt;
    @Version
    private long version;

    @ElementCollection(fetch = FetchType.EAGER)
    @CollectionTable(name = "user_role", joinColumns = @JoinColumn(name = "user_id"))
    @Enumerated(EnumType.STRING)
    @Column(name = "role")
    private Set<Role> roles = new HashSet<>();

    protected User() {
    }

    private User(String username, String displayName, String email, Origin origin, Instant now) {
        this.id = UUID.randomUUID();
        this.username = username;
        this.displayName = displayName;
        this.email = email;
        this.origin = origin;
        this.enabled = true;
        this.createdAt = now;
        this.updatedAt = createdAt;
    }

    public static User local(String username, String displayName, String email, String passwordHash, Instant now) {
        User user = new User(username, displayName, email, Origin.LOCAL, now);
        user.passwordHash = passwordHash;
        return user;
    }

    public static User sso(String subject, String username, String displayName, String email, Instant now) {
        User user = new User(username, displayName, email, Origin.SSO, now);
        user.externalSubject = subject;
        return user;
    }

    public static User service(String username, String displayName, Instant now) {
        return new User(username, displayName, null, Origin.SERVICE, now);
    }

    public void changeProfile(String displayName, String email, Instant now) {
        if (java.util.Objects.equals(this.displayName, displayName) && java.util.Objects.equals(this.email, email)) {
            return;
        }
        this.displayName = displayName;
        this.email = email;
        this.updatedAt = now;
    }

    public void changeRoles(Set<Role> roles, Instant now) {
        if (this.roles.equals(roles)) {
            return;
        }
        this.roles.clear();
        this.roles.addAll(roles);
        this.updatedAt = now;
    }

    public void setEnabled(boolean enabled, Instant now) {
        this.enabled = enabled;
        this.updatedAt = now;
    }

    /**
     * The account signs in through the identity provider from now on, as the person with this subject: it keeps its id,
     * history, areas and roles (until the next sign-in syncs them), and its password is removed.
     */
    public void linkToSingleSignOn(String subject, Instant now) {
        if (origin != Origin.LOCAL || externalSubject != null) {
            throw new IllegalStateException("only a local account that is not linked yet can be linked to single sign-on");
        }
        this.origin = Origin.SSO;
        this.externalSubject = subject;
        this.passwordHash = null;
        this.updatedAt = now;
    }

    public void signedIn(Instant now) {
        this.lastSignInAt = now;
    }

    public UUID getId() { return id; }
    public String getUsername() { return username; }
    public String getDisplayName() { return displayName; }
    public String getEmail() { return email; }
    public String getPasswordHash() { return passwordHash; }
    public Origin getOrigin() { return origin; }
    public String getExternalSubject() { return externalSubject; }
    public boolean isEnabled() { return enabled; }
    public Instant getLastSignInAt() { return lastSignInAt; }
    public Instant getCreatedAt() { return createdAt; }
    public long getVersion() { return version; }

    public Set<Role> getRoles() {
        return roles.isEmpty() ? EnumSet.noneOf(Role.class) : EnumSet.copyOf(roles);
    }
}
