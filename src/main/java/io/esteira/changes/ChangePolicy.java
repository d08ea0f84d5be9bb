package io.esteira.changes;

import io.esteira.shared.security.Role;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * The change policy: which type a change is, and which approvals it still needs. Pure functions,
 * so that the service, the queue and the screens agree.
 */
public final class ChangePolicy {

    /** The policy that pre-approves standard changes, named in their approval and in the audit trail. */
    public static final String STANDARD_POLICY = "Standard-change policy: risk tier 3 to staging, and rollbacks to the previous live version, are pre-approved";

    /** The reviewer kinds that decide change requests. */
    public static final Set<Role> KINDS = EnumSet.of(Role.RISK_REVIEWER, Role.GOVERNANCE_REVIEWER);

    private ChangePolicy() {
    }

    public record Classification(ChangeType type, String reason) {
    }

    /** What is still needed: nothing when {@code complete}; otherwise, in words, and which kinds of reviewer could help. */
    public record Need(boolean complete, String inWords, Set<Role> helpingKinds) {
    }

    public static Classification classify(int riskTier, Environment environment, boolean emergency) {
        return classify(riskTier, environment, emergency, null);
    }

    /** @param preApproved the kind of pre-approved standard change the subject says it is, or null */
    public static Classification classify(int riskTier, Environment environment, boolean emergency, String preApproved) {
        if (preApproved != null && !emergency) {
            return new Classification(ChangeType.STANDARD, "A pre-approved standard change: " + preApproved);
        }
        if (emergency) {
            return new Classification(ChangeType.EMERGENCY,
                    "Emergency requested: expedited with two reviewers of any kind, and a review after implementation");
        }
        if (riskTier == 3 && environment == Environment.STAGING) {
            return new Classification(ChangeType.STANDARD, "Risk tier 3 to staging: a standard change, pre-approved by policy");
        }
        return new Classification(ChangeType.NORMAL, "Risk tier " + riskTier + " to " + environment.name().toLowerCase()
                + ": a normal change, needing a model-risk and a governance reviewer");
    }

    /**
     * What a change of this type still needs, given the reviewer kinds of each person whose approval
     * counts (one entry per person). A normal change is complete when two different people approved,
     * one of them a model-risk reviewer and the other a governance reviewer.
     */
    public static Need need(ChangeType type, List<Set<Role>> approvers) {
        return switch (type) {
            case STANDARD -> new Need(true, "Nothing: approved by policy", Set.of());
            case EMERGENCY -> approvers.size() >= 2 ? new Need(true, "Nothing: two reviewers approved", Set.of())
                    : new Need(false, approvers.isEmpty() ? "Two reviewers (model-risk or governance), two different people"
                            : "One more reviewer (model-risk or governance), not the one who approved", KINDS);
            case NORMAL -> normal(approvers);
        };
    }

    private static Need normal(List<Set<Role>> approvers) {
        if (hasMatching(approvers)) {
            return new Need(true, "Nothing: a model-risk and a governance reviewer approved", Set.of());
        }
        if (approvers.isEmpty()) {
            return new Need(false, "A model-risk reviewer and a governance reviewer, two different people", KINDS);
        }
        Set<Role> helping = EnumSet.noneOf(Role.class);
        for (Role kind : KINDS) {
            List<Set<Role>> with = new java.util.ArrayList<>(approvers);
            with.add(Set.of(kind));
            if (hasMatching(with)) {
                helping.add(kind);
            }
        }
        String words = helping.equals(KINDS) ? "A second reviewer (model-risk or governance), not the one who approved"
                : helping.contains(Role.GOVERNANCE_REVIEWER) ? "A governance reviewer" : "A model-risk reviewer";
        return new Need(false, words, helping);
    }

    /** Two different people, one with each kind. */
    private static boolean hasMatching(List<Set<Role>> approvers) {
        for (int i = 0; i < approvers.size(); i++) {
            for (int j = 0; j < approvers.size(); j++) {
                if (i != j && approvers.get(i).contains(Role.RISK_REVIEWER) && approvers.get(j).contains(Role.GOVERNANCE_REVIEWER)) {
                    return true;
                }
            }
        }
        return false;
    }

    /** The kinds of reviewer a person is. */
    public static Set<Role> kindsOf(Set<Role> roles) {
        Set<Role> kinds = EnumSet.noneOf(Role.class);
        roles.stream().filter(KINDS::contains).forEach(kinds::add);
        return kinds;
    }
}
