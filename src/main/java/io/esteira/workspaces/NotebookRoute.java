package io.esteira.workspaces;

import java.net.URI;
import java.util.UUID;

/**
 * Where the portal's proxy sends a workspace's notebook requests, and the token it adds to them.
 * Only the proxy holds one: the token never reaches a browser, a page, a URL or an API response.
 *
 * @param upstream the notebook server's base address from the workspace's record, ending in the base path (after a
 *                 prefix of the address pattern, if any), never anything taken from a request
 */
public record NotebookRoute(UUID workspaceId, String name, URI upstream, String token) {

    /** The portal's path of the notebook, e.g. {@code /workspaces/6f1c…/lab/}; the notebook serves the same path. */
    public String basePath() {
        return "/workspaces/" + workspaceId + "/lab/";
    }

    /** Where a request for {@code path} (the portal's, under {@link #basePath()}) goes: the notebook server's origin, any prefix of its address, the path. */
    public String upstreamPrefix() {
        String path = upstream.getRawPath();
        return upstream.getScheme() + "://" + upstream.getRawAuthority() + path.substring(0, path.length() - basePath().length());
    }

    @Override
    public String toString() {
        return "NotebookRoute[workspace=" + workspaceId + ", upstream=" + upstream + ", token=[hidden]]";
    }
}
