package io.esteira.identity.domain;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/**
 * Someone the identity provider vouched for tried single sign-on under the user name of an existing account and was
 * refused: the latest attempt per account (its subject, and the name and e-mail the provider gave), until an
 * administrator links the account to that subject or dismisses the request.
 */
@Entity
@Table(name = "sso_link_request")
public class SsoLinkRequest {

    @Id
    @Column(name = "user_id")
    private UUID userId;
    @Column(nullable = false)
    private String subject;
    @Column(name = "display_name")
    private String displayName;
    private String email;
    @Column(name = "first_requested_at", nullable = false)
    private Instant firstRequestedAt;
    @Column(name = "requested_at", nullable = false)
    private Instant requestedAt;
    @Column(nullable = false)
    private int attempts;
    @Version
    private long version;

    protected SsoLinkRequest() {
    }

    public SsoLinkRequest(UUID userId, String subject, String displayName, String email, Instant at) {
        this.userId = userId;
        this.subject = subject;
        this.displayName = displayName;
        this.email = email;
        this.firstRequestedAt = at;
        this.requestedAt = at;
        this.attempts = 1;
    }

    /**
     * Another refused attempt for the same account: the request becomes the latest one.
     *
     * @return whether it is a new request (another subject), of which administrators are told again
     */
    public boolean triedAgain(String subject, String displayName, String email, Instant at) {
        boolean other = !Objects.equals(this.subject, subject);
        if (other) {
            this.subject = subject;
            this.firstRequestedAt = at;
            this.attempts = 0;
        }
        this.displayName = displayName;
        this.email = email;
        this.requestedAt = at;
        this.attempts++;
        return other;
    }

    public UUID getUserId() { return userId; }
    public String getSubject() { return subject; }
    public String getDisplayName() { return displayName; }
    public String getEmail() { return email; }
    public Instant getFirstRequestedAt() { return firstRequestedAt; }
    public Instant getRequestedAt() { return requestedAt; }
    public int getAttempts() { return attempts; }
}
