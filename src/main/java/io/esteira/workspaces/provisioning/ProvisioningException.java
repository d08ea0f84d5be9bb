package io.esteira.workspaces.provisioning;

/** A provisioner could not do what it was asked; the message is shown to the workspace's owner. */
public class ProvisioningException extends RuntimeException {

    public ProvisioningException(String message) {
        super(message);
    }

    public ProvisioningException(String message, Throwable cause) {
        super(message, cause);
    }
}
