package io.esteira.workspaces;

import io.esteira.shared.security.CurrentUser;
import io.esteira.shared.security.SignedInUser;
import io.esteira.workspaces.domain.NotebookHandoff;
import io.esteira.workspaces.domain.NotebookHandoffRecords;
import io.esteira.workspaces.domain.NotebookSession;
import io.esteira.workspaces.domain.NotebookSessionRecords;
import io.esteira.workspaces.provisioning.NotebookPaths;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Hands people over from the portal to a workspace's own notebook host ({@link NotebookHosts}), and keeps their
 * notebook sessions there. The portal, with the person's portal session, authorises the opening (owner or administrator,
 * audited, through {@link WorkspaceService#notebook}) and makes a one-time ticket bound to the person and the workspace,
 * valid for {@link #TICKET_LIFETIME}; the notebook host redeems it once for a notebook session. Neither the ticket nor the
 * session id is stored, only their SHA-256. Whether the person may still open the notebook is checked again at every
 * request by the notebook host (this class only says who the session's person is).
 */
@Service
@Transactional
public class NotebookAccess {

    public static final Duration TICKET_LIFETIME = Duration.ofSeconds(60);
    private static final SecureRandom RANDOM = new SecureRandom();

    private final WorkspaceService workspaces;
    private final NotebookHandoffRecords handoffs;
    private final NotebookSessionRecords sessions;
    private final Clock clock;
    private final Duration idle;

    NotebookAccess(WorkspaceService workspaces, NotebookHandoffRecords handoffs, NotebookSessionRecords sessions, Clock clock,
            @Value("${server.servlet.session.timeout:30m}") Duration idle) {
        this.workspaces = workspaces;
        this.handoffs = handoffs;
        this.sessions = sessions;
        this.clock = clock;
        this.idle = idle;
    }

    /** A redeemed ticket: the new notebook session's id (for the cookie only), its person, and where to go. */
    public record Handed(String sessionId, UUID userId, String nextPath, Duration idle) {
        @Override
        public String toString() {
            return "Handed[user=" + userId + ", next=" + nextPath + ", session=[hidden]]";
        }
    }

    /**
     * A ticket for the signed-in person to open the workspace's notebook on its own host. Authorised as any opening is
     * (the owner, or an administrator of its area, the workspace running); {@code audited} records the opening.
     *
     * @param portalSessionId the portal session the person opens it from (its end ends the notebook session), or null
     * @param nextPath        where in the notebook to land, under its base path; anything else lands on the base path
     */
    @PreAuthorize("isAuthenticated()")
    public String handOff(UUID workspaceId, boolean audited, String portalSessionId, String nextPath) {
        workspaces.notebook(workspaceId, audited);
        SignedInUser user = CurrentUser.require();
        Instant now = clock.instant();
        handoffs.deleteExpired(now);
        String ticket = secret("nbt_");
        String base = NotebookPaths.basePath(workspaceId);
        String next = nextPath != null && nextPath.startsWith(base) && safe(nextPath) ? nextPath : base;
        handoffs.save(new NotebookHandoff(hash(ticket), workspaceId, user.userId(), portalSessionId == null ? null : hash(portalSessionId),
                next, now, now.plus(TICKET_LIFETIME)));
        return ticket;
    }

    /**
     * Redeems a ticket on the notebook host of {@code workspaceId}: once, before it expires, and only for the workspace it
     * was made for (a ticket tried on another workspace's host is spent all the same). Empty when refused.
     */
    public Optional<Handed> redeem(String ticket, UUID workspaceId) {
        if (ticket == null || ticket.isBlank() || ticket.length() > 200) {
            return Optional.empty();
        }
        String hashed = hash(ticket.strip());
        Optional<NotebookHandoff> found = handoffs.findById(hashed);
        if (found.isEmpty() || handoffs.spend(hashed) != 1) {
            return Optional.empty(); // unknown, or used already (here or on another node)
        }
        NotebookHandoff handoff = found.get();
        Instant now = clock.instant();
        if (!now.isBefore(handoff.getExpiresAt()) || !handoff.getWorkspaceId().equals(workspaceId)) {
            return Optional.empty();
        }
        sessions.deleteExpired(now);
        String id = secret("nbs_");
        sessions.save(new NotebookSession(hash(id), workspaceId, handoff.getUserId(), handoff.getPortalSessionHash(), now, idle));
        return Optional.of(new Handed(id, handoff.getUserId(), handoff.getNextPath(), idle));
    }

    /** The person of a live notebook session of {@code workspaceId}; its idle timeout starts again. */
    public Optional<UUID> personOf(String sessionId, UUID workspaceId) {
        if (sessionId == null || sessionId.isBlank() || sessionId.length() > 200) {
            return Optional.empty();
        }
        Instant now = clock.instant();
        return sessions.findById(hash(sessionId.strip()))
                .filter(s -> s.getWorkspaceId().equals(workspaceId))
                .filter(s -> s.liveAt(now))
                .map(s -> {
                    s.seen(now, idle);
                    return s.getUserId();
                });
    }

    /** The person of a notebook session, by its key (the hash), while it is live; not counted as activity. */
    public Optional<UUID> liveSession(String key) {
        Instant now = clock.instant();
        return sessions.findById(key).filter(s -> s.liveAt(now)).map(NotebookSession::getUserId);
    }

    /** Whether a notebook session with this key (the hash) is stored, live or not. */
    public boolean known(String key) {
        return sessions.existsById(key);
    }

    /** Ends the notebook sessions that came from a portal session (signing out of the portal); their key hashes. */
    public List<String> endFromPortalSession(String portalSessionId) {
        List<NotebookSession> ended = sessions.findByPortalSessionHash(hash(portalSessionId));
        sessions.deleteAll(ended);
        return ended.stream().map(NotebookSession::getIdHash).toList();
    }

    /** Ends one notebook session. */
    public void end(String sessionId) {
        sessions.deleteById(hash(sessionId));
    }

    /** The SHA-256 of a ticket or session id, as stored; also the key that relays of a notebook session are kept under. */
    public static String hash(String secret) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(secret.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static boolean safe(String path) {
        return !path.contains("..") && !path.contains("\\") && !path.contains("//") && path.chars().noneMatch(c -> c < 0x21 || c > 0x7e);
    }

    private static String secret(String prefix) {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return prefix + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
