package io.esteira.workspaces.provisioning;

/** Whether a provisioner can run workspaces here; when not, {@code message} says what would fix it. */
public record Availability(boolean available, String message) {

    public static Availability yes(String message) {
        return new Availability(true, message);
    }

    public static Availability no(String message) {
        return new Availability(false, message);
    }
}
