package io.esteira.shared.security;

/**
 * Platform roles. {@code REVIEWER} opens the approval queue and reads the audit trail; deciding a
 * change request takes a reviewer kind as well: {@code RISK_REVIEWER} (model-risk management) or
 * {@code GOVERNANCE_REVIEWER} (model governance). A normal change needs one of each, from two people.
 */
public enum Role {
    DATA_SCIENTIST, REVIEWER, RISK_REVIEWER, GOVERNANCE_REVIEWER, MANAGER, ADMIN;

    public static final String ADMIN_NAME = "ADMIN";
    public static final String REVIEWER_NAME = "REVIEWER";
    public static final String RISK_REVIEWER_NAME = "RISK_REVIEWER";
    public static final String GOVERNANCE_REVIEWER_NAME = "GOVERNANCE_REVIEWER";
    public static final String MANAGER_NAME = "MANAGER";
    public static final String DATA_SCIENTIST_NAME = "DATA_SCIENTIST";

    public String authority() {
        return "ROLE_" + name();
    }
}
