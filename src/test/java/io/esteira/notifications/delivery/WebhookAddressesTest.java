package io.esteira.notifications.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.esteira.shared.InvalidRequestException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Where webhooks may go: the address rules, with a fixed table of host names instead of DNS. */
class WebhookAddressesTest {

    private static final Map<String, String> DNS = Map.of(
            "hooks.example.com", "93.184.215.14",
            "teams.bank.example", "10.20.30.40",
            "metadata.bank.example", "169.254.169.254",
            "sneaky.example.com", "127.0.0.1",
            "v6.example.com", "2606:2800:21f:cb07:6820:80da:af6b:8b2c",
            "linklocal6.example.com", "fe80::1");

    private static InetAddress[] resolve(String host) throws UnknownHostException {
        String address = DNS.get(host);
        if (address != null) {
            return new InetAddress[] {InetAddress.getByName(address)};
        }
        if (host.matches("[0-9.]+") || host.contains(":")) {
            return new InetAddress[] {InetAddress.getByName(host)};
        }
        throw new UnknownHostException(host);
    }

    private final WebhookAddresses publicOnly = new WebhookAddresses(false, List.of(), WebhookAddressesTest::resolve);
    private final WebhookAddresses bankHosts = new WebhookAddresses(false, List.of(".bank.example", "hooks.example.com"),
            WebhookAddressesTest::resolve);

    private static void refused(WebhookAddresses rules, String url, String why) {
        assertThatThrownBy(() -> rules.check(url)).isInstanceOf(InvalidRequestException.class).hasMessageContaining(why)
                .satisfies(e -> assertThat(((InvalidRequestException) e).fieldErrors()).containsKey("webhookUrl"));
    }

    @Test
    void a_public_https_address_is_accepted() {
        assertThat(publicOnly.check("https://hooks.example.com/esteira?token=abc").getHost()).isEqualTo("hooks.example.com");
        assertThat(publicOnly.check("https://v6.example.com:8443/hook")).isNotNull();
        assertThat(publicOnly.check("HTTPS://HOOKS.EXAMPLE.COM./x")).isNotNull();
    }

    @Test
    void plain_http_is_refused_unless_allowed() {
        refused(publicOnly, "http://hooks.example.com/esteira", "https only");
        WebhookAddresses httpAllowed = new WebhookAddresses(true, List.of(), WebhookAddressesTest::resolve);
        assertThat(httpAllowed.check("http://hooks.example.com/esteira")).isNotNull();
        refused(httpAllowed, "ftp://hooks.example.com/esteira", "https:// or http://");
        refused(publicOnly, "hooks.example.com/esteira", "https only");
        refused(publicOnly, "javascript:alert(1)", "https only");
    }

    @Test
    void an_address_with_a_user_name_or_password_is_refused() {
        refused(publicOnly, "https://user:secret@hooks.example.com/esteira", "user name or password");
        refused(publicOnly, "https://user@hooks.example.com/esteira", "user name or password");
    }

    @Test
    void link_local_and_metadata_addresses_are_refused_even_when_listed() {
        refused(publicOnly, "https://169.254.169.254/latest/meta-data/", "169.254.169.254");
        refused(bankHosts, "https://metadata.bank.example/latest/meta-data/", "169.254.169.254");
        refused(publicOnly, "https://[fe80::1]/hook", "link-local");
        refused(publicOnly, "https://linklocal6.example.com/hook", "link-local");
        refused(publicOnly, "https://[::ffff:169.254.169.254]/hook", "169.254.169.254");
        refused(publicOnly, "https://[64:ff9b::a9fe:a9fe]/hook", "169.254.169.254");
        refused(publicOnly, "https://[fd00:ec2::254]/hook", "metadata");
        refused(publicOnly, "https://100.100.100.200/hook", "metadata");
        refused(publicOnly, "https://0.0.0.0/hook", "unspecified");
        WebhookAddresses listsTheAddress = new WebhookAddresses(true, List.of("169.254.169.254"), WebhookAddressesTest::resolve);
        refused(listsTheAddress, "http://169.254.169.254/latest/meta-data/", "never reach");
    }

    @Test
    void without_an_allow_list_internal_addresses_are_refused() {
        refused(publicOnly, "https://127.0.0.1/hook", "internal address");
        refused(publicOnly, "https://127.1/hook", "names no host"); // not a host name to java.net.URI, so never resolved to 127.0.0.1
        refused(publicOnly, "https://sneaky.example.com/hook", "internal address 127.0.0.1");
        refused(publicOnly, "https://10.1.2.3/hook", "internal address");
        refused(publicOnly, "https://192.168.1.1/hook", "internal address");
        refused(publicOnly, "https://100.64.0.1/hook", "internal address");
        refused(publicOnly, "https://[::1]/hook", "internal address");
        refused(publicOnly, "https://[fd12:3456::1]/hook", "internal address");
    }

    @Test
    void with_an_allow_list_only_hosts_under_its_suffixes_are_reached_internal_ones_too() {
        assertThat(bankHosts.check("https://teams.bank.example/hook")).isNotNull();
        assertThat(bankHosts.check("https://hooks.example.com/hook")).isNotNull();
        refused(bankHosts, "https://evil.example.com/hook", "only to hosts under bank.example, hooks.example.com");
        refused(bankHosts, "https://evilbank.example/hook", "only to hosts under");
        refused(bankHosts, "https://bank.example.evil.com/hook", "only to hosts under");
        refused(bankHosts, "https://10.20.30.40/hook", "only to hosts under");
    }

    @Test
    void an_unknown_host_or_a_broken_address_is_refused_with_the_reason() {
        refused(publicOnly, "https://nowhere.example.org/hook", "cannot be found");
        refused(publicOnly, "https://exa mple.com/hook", "not a valid address");
        refused(publicOnly, "", "Give the webhook's address");
        refused(publicOnly, "https:///hook", "names no host");
    }

    @Test
    void the_audit_trail_sees_only_the_host() {
        assertThat(WebhookAddresses.hostOf("https://hooks.example.com/services/T000/B000/XXXXSECRET?x=1")).isEqualTo("hooks.example.com");
    }

    @Test
    void a_signature_verifies_only_for_the_same_body_and_secret() {
        byte[] body = "{\"subject\":\"hello\"}".getBytes(StandardCharsets.UTF_8);
        String header = WebhookSignature.sign("s3cret", body);
        assertThat(header).startsWith("sha256=").hasSize(7 + 64);
        assertThat(WebhookSignature.verify("s3cret", body, header)).isTrue();
        assertThat(WebhookSignature.verify("other", body, header)).isFalse();
        assertThat(WebhookSignature.verify("s3cret", "{\"subject\":\"hell0\"}".getBytes(StandardCharsets.UTF_8), header)).isFalse();
        // RFC 4231 test case 2
        assertThat(WebhookSignature.sign("Jefe", "what do ya want for nothing?".getBytes(StandardCharsets.US_ASCII)))
                .isEqualTo("sha256=5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
    }
}
