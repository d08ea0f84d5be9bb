package io.esteira.workspaces.provisioning;

import java.util.List;

/**
 * Where a workspace really runs. Each template names one provisioner by its {@link #kind()}.
 * Methods return quickly: they start or stop the runtime and report; the lifecycle polls
 * {@link #status} until the runtime is ready. Every method may throw {@link ProvisioningException}
 * with a message fit for the workspace's owner.
 *
 * <p>A runtime serves its notebook under {@link NotebookPaths#basePath} and its {@link RuntimeRef#address()}
 * includes that path; people reach it only through the portal's proxy, which adds the token upstream.
 */
public interface Provisioner {

    /** The name templates use, e.g. {@code local} or {@code kubernetes}. */
    String kind();

    /** Whether this provisioner can run workspaces here, and if not, what would fix it. */
    Availability availability();

    /** Creates the runtime of a new workspace and starts it. */
    RuntimeRef provision(WorkspaceSpec spec);

    /** Starts a stopped runtime again; its files survive. */
    RuntimeRef start(WorkspaceSpec spec, RuntimeRef ref);

    /** Stops the runtime, keeping its files. Stopping a runtime that is already gone is not an error. */
    void stop(WorkspaceSpec spec, RuntimeRef ref);

    /** Stops the runtime and removes everything it holds. Deleting what is already gone is not an error. */
    void delete(WorkspaceSpec spec, RuntimeRef ref);

    /** The runtime's real state, read from where it runs. */
    RuntimeStatus status(WorkspaceSpec spec, RuntimeRef ref);

    /** When the notebook was last used and how many of its kernels are busy now. */
    Activity activity(WorkspaceSpec spec, RuntimeRef ref);

    /** The last lines of the runtime's log. */
    String log(WorkspaceSpec spec, RuntimeRef ref, int maxLines);

    /** Every runtime this provisioner finds running for the portal, known to it or not. */
    List<RuntimeInstance> inventory();

    /** Stops and removes a runtime that no workspace owns any more. */
    void remove(RuntimeInstance orphan);
}
