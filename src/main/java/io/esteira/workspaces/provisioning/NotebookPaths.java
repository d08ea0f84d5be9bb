package io.esteira.workspaces.provisioning;

import java.util.UUID;

/**
 * Where a workspace's notebook is served: the portal proxies {@code /workspaces/{id}/lab/} to the
 * notebook server, which is started with the same base URL, so paths need no rewriting either way.
 */
public final class NotebookPaths {

    private NotebookPaths() {
    }

    /** The notebook's base path, e.g. {@code /workspaces/6f1c…/lab/}, the same on the portal and on the notebook server. */
    public static String basePath(UUID workspaceId) {
        return "/workspaces/" + workspaceId + "/lab/";
    }
}
