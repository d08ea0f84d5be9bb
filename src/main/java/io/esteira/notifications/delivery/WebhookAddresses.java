package io.esteira.notifications.delivery;

import io.esteira.shared.InvalidRequestException;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Where webhooks may go. https only (unless plain http is allowed, for tests); no user name or
 * password in the address; never a link-local or cloud metadata address (169.254.0.0/16,
 * fe80::/10, fd00:ec2::254, 100.100.100.200), nor an unspecified, reserved or multicast address. Without an
 * allow-list only public addresses are reached; with one, only hosts under its suffixes, which may
 * then be internal (the administrator vouched for them). The host's addresses are resolved and
 * checked both when an address is saved and before each attempt.
 */
public final class WebhookAddresses {

    public static final String FIELD = "webhookUrl";

    /** Looks a host's addresses up; the JDK's resolver in the portal, a fixed table in unit tests. */
    @FunctionalInterface
    public interface Resolver {
        InetAddress[] resolve(String host) throws UnknownHostException;
    }

    private final boolean allowHttp;
    private final List<String> hostSuffixes;
    private final Resolver resolver;

    public WebhookAddresses(boolean allowHttp, List<String> hostSuffixes, Resolver resolver) {
        this.allowHttp = allowHttp;
        this.hostSuffixes = hostSuffixes == null ? List.of() : hostSuffixes.stream().map(String::strip).filter(s -> !s.isEmpty())
                .map(s -> normalise(s.startsWith(".") ? s.substring(1) : s)).toList();
        this.resolver = resolver;
    }

    /**
     * @return the address, parsed
     * @throws InvalidRequestException (field {@value #FIELD}) saying why the address may not receive webhooks
     */
    public URI check(String url) {
        if (url == null || url.isBlank()) {
            throw refused("Give the webhook's address, like https://hooks.example.com/esteira");
        }
        URI uri;
        try {
            uri = new URI(url.strip());
        } catch (URISyntaxException e) {
            throw refused(url + " is not a valid address: " + e.getReason());
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("https") && !(allowHttp && scheme.equals("http"))) {
            throw refused(allowHttp ? "A webhook's address starts with https:// or http://"
                    : "Webhooks go over https only: the address must start with https://");
        }
        if (uri.getRawUserInfo() != null || (uri.getRawAuthority() != null && uri.getRawAuthority().contains("@"))) {
            throw refused("A webhook's address may not carry a user name or password; receivers check the signature header instead");
        }
        if (uri.getHost() == null || uri.getHost().isBlank()) {
            throw refused(url + " names no host (write international host names in their xn-- form)");
        }
        String host = normalise(uri.getHost());
        if (!hostSuffixes.isEmpty() && hostSuffixes.stream().noneMatch(s -> host.equals(s) || (!isLiteral(s) && host.endsWith("." + s)))) {
            throw refused("Webhooks may go only to hosts under " + String.join(", ", hostSuffixes) + "; " + host + " is not one of them");
        }
        InetAddress[] addresses;
        try {
            addresses = resolver.resolve(host);
        } catch (UnknownHostException e) {
            throw refused("The host " + host + " cannot be found");
        }
        if (addresses == null || addresses.length == 0) {
            throw refused("The host " + host + " cannot be found");
        }
        for (InetAddress address : addresses) {
            InetAddress a = embeddedIpv4(address);
            if (neverReached(a)) {
                throw refused(host + " points at " + a.getHostAddress()
                        + ", a link-local, metadata, unspecified or multicast address, which webhooks never reach");
            }
            if (hostSuffixes.isEmpty() && internal(a)) {
                throw refused(host + " points at the internal address " + a.getHostAddress()
                        + "; webhooks go to public hosts unless an administrator lists the host (ESTEIRA_WEBHOOK_HOSTS)");
            }
        }
        return uri;
    }

    /** The host part alone, for logs and the audit trail: a webhook's path and query often carry the receiver's secret. */
    public static String hostOf(String url) {
        try {
            String host = new URI(url.strip()).getHost();
            return host == null ? "?" : normalise(host);
        } catch (URISyntaxException | RuntimeException e) {
            return "?";
        }
    }

    private static InvalidRequestException refused(String message) {
        return new InvalidRequestException(FIELD, message);
    }

    private static String normalise(String host) {
        String h = host.toLowerCase(Locale.ROOT);
        if (h.startsWith("[") && h.endsWith("]")) {
            h = h.substring(1, h.length() - 1);
        }
        while (h.endsWith(".")) {
            h = h.substring(0, h.length() - 1);
        }
        return h;
    }

    private static boolean isLiteral(String host) {
        return host.contains(":") || host.matches("[0-9.]+");
    }

    private static boolean neverReached(InetAddress a) {
        byte[] b = a.getAddress();
        if (a instanceof Inet4Address) {
            return a.isLinkLocalAddress() || a.isAnyLocalAddress() || a.isMulticastAddress() || (b[0] & 0xff) == 0
                    || (b[0] & 0xff) >= 240 || Arrays.equals(b, new byte[] {100, 100, 100, (byte) 200});
        }
        return a.isLinkLocalAddress() || a.isAnyLocalAddress() || a.isMulticastAddress()
                || a.getHostAddress().startsWith("fd00:ec2:0:0:0:0:0:254");
    }

    /** Loopback, private (10/8, 172.16/12, 192.168/16), carrier-grade NAT (100.64/10), unique-local (fc00::/7) or site-local. */
    private static boolean internal(InetAddress a) {
        byte[] b = a.getAddress();
        if (a.isLoopbackAddress() || a.isSiteLocalAddress()) {
            return true;
        }
        if (a instanceof Inet4Address) {
            return (b[0] & 0xff) == 100 && (b[1] & 0xc0) == 64;
        }
        return (b[0] & 0xfe) == 0xfc;
    }

    /** An IPv4 address hidden in IPv6 (IPv4-compatible ::a.b.c.d or NAT64 64:ff9b::a.b.c.d) is judged as that IPv4 address. */
    private static InetAddress embeddedIpv4(InetAddress address) {
        if (!(address instanceof Inet6Address)) {
            return address;
        }
        byte[] b = address.getAddress();
        boolean compatible = true;
        for (int i = 0; i < 12; i++) {
            compatible &= b[i] == 0;
        }
        boolean nat64 = (b[0] & 0xff) == 0x00 && (b[1] & 0xff) == 0x64 && (b[2] & 0xff) == 0xff && (b[3] & 0xff) == 0x9b;
        for (int i = 4; nat64 && i < 12; i++) {
            nat64 = b[i] == 0;
        }
        if ((compatible && !(b[12] == 0 && b[13] == 0 && b[14] == 0 && (b[15] == 0 || b[15] == 1))) || nat64) {
            try {
                return InetAddress.getByAddress(Arrays.copyOfRange(b, 12, 16));
            } catch (UnknownHostException e) {
                return address;
            }
        }
        return address;
    }
}
