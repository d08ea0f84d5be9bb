package io.esteira.shared.security;

public enum Role {
    DATA_SCIENTIST, REVIEWER, MANAGER, ADMIN;

    public static final String ADMIN_NAME = "ADMIN";
    public static final String REVIEWER_NAME = "REVIEWER";
    public static final String MANAGER_NAME = "MANAGER";
    public static final String DATA_SCIENTIST_NAME = "DATA_SCIENTIST";

    public String authority() {
        return "ROLE_" + name();
    }
}
