package io.esteira.changes;

import io.esteira.areas.AreaAccess;
import io.esteira.changes.domain.ChangeDecisions;
import io.esteira.changes.domain.ChangeRequest;
import io.esteira.changes.domain.ChangeRequests;
import io.esteira.shared.NotFoundException;
import io.esteira.shared.security.ActorType;
import io.esteira.shared.security.CurrentUser;
import io.esteira.shared.security.Role;
import io.esteira.shared.security.SignedInUser;
import java.util.Set;
import java.util.UUID;
import org.springframework.stereotype.Component;

/**
 * Who may see and do what with a change request, whatever the caller (screen, API, another module):
 * <ul>
 * <li>nobody decides a request they requested, or a change to a subject they authored;</li>
 * <li>only risk and governance reviewers decide, each once per review round (what they must approve
 * together is {@link ChangePolicy}'s);</li>
 * <li>only an administrator who is not part of a request (requester, author or decider) reclassifies it;</li>
 * <li>requesters see the requests of their areas (others' are "not found"); reviewers see every area's.</li>
 * </ul>
 * Each rule answers with the reason why not, or null, so that screens can say why a button is off.
 */
@Component
class SegregationOfDuties {

    private final ChangeRequests requests;
    private final ChangeDecisions decisions;
    private final AreaAccess access;

    SegregationOfDuties(ChangeRequests requests, ChangeDecisions decisions, AreaAccess access) {
        this.requests = requests;
        this.decisions = decisions;
        this.access = access;
    }

    /** What the person may do with the request now, and why not. */
    ChangeActions actions(ChangeRequest change, SignedInUser me) {
        return new ChangeActions(cannotDecide(change, me), cannotEdit(change, me), cannotWithdraw(change, me), cannotReclassify(change, me),
                cannotReview(change, me), cannotRefuseEmergency(change, me));
    }

    /** @throws NotFoundException unless the signed-in user may read it */
    ChangeRequest readable(UUID id) {
        ChangeRequest change = requests.findById(id).orElseThrow(() -> new NotFoundException("change request", id));
        if (!mayRead(change, CurrentUser.require())) {
            throw NotFoundException.denied("change request", id);
        }
        return change;
    }

    boolean mayRead(ChangeRequest change, SignedInUser me) {
        return readsEveryArea(me) || access.canRead(change.getAreaId());
    }

    /** Reviewers (any kind) read every area's requests; a token limited to an area never does. */
    static boolean readsEveryArea(SignedInUser me) {
        return me.areaScope() == null && (me.has(Role.REVIEWER) || !ChangePolicy.kindsOf(me.roles()).isEmpty());
    }

    /** The reviewer kinds whose requests the person decides. */
    static Set<Role> deciderKinds(SignedInUser me) {
        return me.areaScope() != null || me.actorType() == ActorType.PIPELINE ? Set.of() : ChangePolicy.kindsOf(me.roles());
    }

    String cannotRefuseEmergency(ChangeRequest change, SignedInUser me) {
        if (change.getType() != ChangeType.EMERGENCY) {
            return "Only an emergency change's classification is confirmed or refused";
        }
        return cannotDecide(change, me);
    }

    String cannotDecide(ChangeRequest change, SignedInUser me) {
        if (change.getState() != ChangeState.SUBMITTED) {
            return "The request is " + change.getState().name().toLowerCase().replace('_', ' ') + "; only submitted requests are decided";
        }
        String independence = notIndependent(change, me);
        if (independence != null) {
            return independence;
        }
        if (decisions.findByChangeIdOrderByDecidedAt(change.getId()).stream()
                .anyMatch(d -> d.getRound() == change.getRound() && me.userId().equals(d.getReviewerId()))) {
            return "You approved this request already; the next approval must come from someone else";
        }
        return null;
    }

    /** Shared by deciding and reviewing: a reviewer kind, unscoped, a person, neither requester nor author. */
    private static String notIndependent(ChangeRequest change, SignedInUser me) {
        if (me.actorType() == ActorType.PIPELINE) {
            return "Pipelines do not decide change requests";
        }
        if (me.areaScope() != null) {
            return "A token limited to one area cannot decide change requests";
        }
        if (ChangePolicy.kindsOf(me.roles()).isEmpty()) {
            return "Only model-risk and governance reviewers decide change requests";
        }
        if (me.userId().equals(change.getRequesterId())) {
            return "You requested this change";
        }
        if (change.isAuthor(me.userId())) {
            return "You are an author of " + change.getSubjectLabel() + "; someone independent must decide";
        }
        return null;
    }

    static String cannotEdit(ChangeRequest change, SignedInUser me) {
        if (!me.userId().equals(change.getRequesterId())) {
            return "Only the requester edits a change request";
        }
        if (!change.getState().isOpen()) {
            return "The request is " + change.getState().name().toLowerCase().replace('_', ' ') + "; submit a new one";
        }
        return null;
    }

    static String cannotWithdraw(ChangeRequest change, SignedInUser me) {
        if (!me.userId().equals(change.getRequesterId())) {
            return "Only the requester withdraws a change request";
        }
        if (change.getState() != ChangeState.SUBMITTED) {
            return "Only a submitted request is withdrawn; this one is " + change.getState().name().toLowerCase().replace('_', ' ');
        }
        return null;
    }

    String cannotReclassify(ChangeRequest change, SignedInUser me) {
        if (!me.isPlatformAdmin()) {
            return "Only platform administrators reclassify change requests";
        }
        if (me.userId().equals(change.getRequesterId())) {
            return "You requested this change, so you cannot change its policy";
        }
        if (change.isAuthor(me.userId())) {
            return "You are an author of " + change.getSubjectLabel() + ", so you cannot change the request's policy";
        }
        if (decisions.existsByChangeIdAndReviewerId(change.getId(), me.userId())) {
            return "You decided on this request, so you cannot change its policy";
        }
        if (!change.getState().isOpen()) {
            return "The request is " + change.getState().name().toLowerCase().replace('_', ' ') + "; only open requests are reclassified";
        }
        return null;
    }

    static String cannotReview(ChangeRequest change, SignedInUser me) {
        if (change.getState() != ChangeState.REVIEW_DUE) {
            return change.getType() == ChangeType.EMERGENCY ? "The review after implementation is due once the change is implemented"
                    : "Only emergency changes are reviewed after implementation";
        }
        return notIndependent(change, me);
    }
}
