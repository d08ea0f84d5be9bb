package io.esteira.workspaces;

import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * Where each workspace's notebook is served when notebooks have origins of their own
 * ({@code esteira.workspaces.notebook-host}, e.g. {@code {workspace}.notebooks.bank.example}): a host name per workspace,
 * so that a notebook's scripts never run in the portal's origin, nor in another workspace's. {@code {workspace}} is the
 * whole first label of the host name and stands for the workspace's id (a UUID: 36 characters, within a DNS label's 63),
 * so that one wildcard DNS name and one wildcard certificate ({@code *.notebooks.bank.example}) cover every workspace.
 * An optional {@code http://} or {@code https://} and {@code :port} replace the scheme and port of the portal's request.
 * Empty: notebooks are served on the portal's own origin, as before.
 *
 * <p>The setting is checked at start-up: a malformed one stops the portal rather than serving notebooks unisolated.
 */
@Component
public class NotebookHosts {

    public static final String SETTING = "esteira.workspaces.notebook-host";
    static final String PLACEHOLDER = "{workspace}";
    private static final Pattern LABEL = Pattern.compile("[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?");
    private static final Pattern UUID_LABEL = Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");

    private final String scheme;
    private final String suffix;
    private final Integer port;

    @org.springframework.beans.factory.annotation.Autowired
    NotebookHosts(@Value("${" + SETTING + ":}") String setting) {
        this(parse(setting));
    }

    private NotebookHosts(String[] parsed) {
        this.scheme = parsed[0];
        this.suffix = parsed[1];
        this.port = parsed[2] == null ? null : Integer.valueOf(parsed[2]);
    }

    public static NotebookHosts of(String setting) {
        return new NotebookHosts(parse(setting));
    }

    /** Whether notebooks are served on origins of their own (the setting is set). */
    public boolean isolated() {
        return suffix != null;
    }

    /** The workspace whose notebook host {@code host} (a request's server name) is; empty for any other host. */
    public Optional<UUID> workspaceOf(String host) {
        if (suffix == null || host == null) {
            return Optional.empty();
        }
        String name = host.toLowerCase(Locale.ROOT);
        if (name.endsWith(".")) {
            name = name.substring(0, name.length() - 1);
        }
        if (!name.endsWith(suffix)) {
            return Optional.empty();
        }
        String label = name.substring(0, name.length() - suffix.length());
        return UUID_LABEL.matcher(label).matches() ? Optional.of(UUID.fromString(label)) : Optional.empty();
    }

    public boolean isNotebookHost(String host) {
        return workspaceOf(host).isPresent();
    }

    /**
     * Whether {@code host} lies under the notebooks' wildcard name, a workspace's or not: such a host never serves the
     * portal (e.g. {@code login.notebooks.bank.example} would be a sibling of every notebook's origin and a fine address to
     * phish with).
     */
    public boolean isUnderNotebookDomain(String host) {
        if (suffix == null || host == null) {
            return false;
        }
        String name = host.toLowerCase(Locale.ROOT);
        if (name.endsWith(".")) {
            name = name.substring(0, name.length() - 1);
        }
        return name.endsWith(suffix) && name.length() > suffix.length();
    }

    /**
     * The origin of a workspace's notebook, e.g. {@code https://6f1c….notebooks.bank.example}, with the scheme and port of
     * the portal's request unless the setting names its own.
     */
    public String origin(UUID workspaceId, String requestScheme, int requestPort) {
        if (suffix == null) {
            throw new IllegalStateException(SETTING + " is not set");
        }
        String s = scheme != null ? scheme : requestScheme.toLowerCase(Locale.ROOT);
        int p = port != null ? port : requestPort;
        boolean defaultPort = p <= 0 || ("http".equals(s) && p == 80) || ("https".equals(s) && p == 443);
        return s + "://" + workspaceId + suffix + (defaultPort ? "" : ":" + p);
    }

    /** {@code [scheme or null, ".rest.of.host" or null when unset, port or null]}; refuses a malformed setting. */
    static String[] parse(String setting) {
        String value = setting == null ? "" : setting.strip().toLowerCase(Locale.ROOT);
        if (value.isEmpty()) {
            return new String[3];
        }
        String scheme = null;
        for (String s : new String[] {"http", "https"}) {
            if (value.startsWith(s + "://")) {
                scheme = s;
                value = value.substring(s.length() + 3);
            }
        }
        if (value.contains("://") || value.contains("/") || value.contains("@") || value.contains("?") || value.contains("#")) {
            throw invalid(setting, "it is a host name (optionally with http:// or https:// and a port), without a path");
        }
        String port = null;
        int colon = value.lastIndexOf(':');
        if (colon >= 0) {
            port = value.substring(colon + 1);
            value = value.substring(0, colon);
            if (!port.matches("[0-9]{1,5}") || Integer.parseInt(port) < 1 || Integer.parseInt(port) > 65535) {
                throw invalid(setting, "its port must be a number from 1 to 65535");
            }
        }
        if (!value.startsWith(PLACEHOLDER + ".")) {
            throw invalid(setting, "it must begin with " + PLACEHOLDER + ". (one host name per workspace, under one wildcard name)");
        }
        String rest = value.substring(PLACEHOLDER.length() + 1);
        String[] labels = rest.split("\\.", -1);
        for (String label : labels) {
            if (!LABEL.matcher(label).matches()) {
                throw invalid(setting, "after " + PLACEHOLDER + ". it must be a host name (letters, digits, hyphens, dots)");
            }
        }
        return new String[] {scheme, "." + rest, port};
    }

    private static IllegalStateException invalid(String setting, String why) {
        return new IllegalStateException(SETTING + "=" + setting + " is not valid: " + why
                + ", e.g. {workspace}.notebooks.bank.example or {workspace}.localhost");
    }
}
