package io.esteira.shared.web;

import java.net.InetAddress;
import java.net.UnknownHostException;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * Refuses to start with a trusted-proxy setting ({@code ESTEIRA_TRUSTED_PROXIES}) that is not a list of
 * CIDR ranges: Tomcat would read it as a regular expression, and a mistyped one would either trust
 * nobody (every person then has the proxy's address, and one guesser locks them all out of sign-in) or
 * anybody (every client could make its address up).
 */
@Component
class TrustedProxies {

    TrustedProxies(@Value("${server.tomcat.remoteip.internal-proxies:}") String proxies) {
        check(proxies);
    }

    static void check(String proxies) {
        if (proxies == null || proxies.isBlank()) {
            return;
        }
        for (String entry : proxies.split(",")) {
            String range = entry.strip();
            int slash = range.indexOf('/');
            if (slash <= 0) {
                throw new IllegalStateException("ESTEIRA_TRUSTED_PROXIES: '" + range + "' is not a CIDR range; write a single address as "
                        + range + "/32 (IPv6: /128)");
            }
            String address = range.substring(0, slash);
            if (!address.matches("[0-9.]+|[0-9a-fA-F:]+")) {
                throw new IllegalStateException("ESTEIRA_TRUSTED_PROXIES: '" + range + "' must start with an IP address, not a host name");
            }
            int bits;
            try {
                bits = Integer.parseInt(range.substring(slash + 1));
                byte[] bytes = InetAddress.getByName(address).getAddress();
                if (bits < 0 || bits > bytes.length * 8) {
                    throw new NumberFormatException();
                }
            } catch (NumberFormatException | UnknownHostException e) {
                throw new IllegalStateException("ESTEIRA_TRUSTED_PROXIES: '" + range + "' is not a CIDR range like 10.0.0.0/24");
            }
        }
    }
}
