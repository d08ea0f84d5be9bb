package io.esteira.identity.security;

import static io.esteira.identity.security.Browser.location;
import static org.assertj.core.api.Assertions.assertThat;

import io.esteira.support.IntegrationTest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.TestPropertySource;

/** Behind a configured proxy (here: the loopback, as ESTEIRA_TRUSTED_PROXIES would name it) the client's address is the forwarded one. */
@IntegrationTest
@TestPropertySource(properties = "server.tomcat.remoteip.internal-proxies=127.0.0.1/32")
class TrustedProxyIntegrationTest {

    @LocalServerPort
    int port;
    @Autowired
    JdbcTemplate jdbc;

    @BeforeEach
    @AfterEach
    void forgetFailedSignIns() {
        jdbc.update("delete from sign_in_throttle");
    }

    @Test
    void the_throttle_counts_the_address_the_trusted_proxy_forwarded_and_not_what_the_client_prepended() {
        Browser browser = new Browser(port);
        assertThat(location(browser.signIn("someone", "guess", "X-Forwarded-For", "203.0.113.7"))).endsWith("/login?error");
        // the proxy appends the real client to what the client sent: the rightmost untrusted address counts
        assertThat(location(browser.signIn("someone.else", "guess", "X-Forwarded-For", "198.51.100.1, 203.0.113.8"))).endsWith("/login?error");
        assertThat(jdbc.queryForList("select subject from sign_in_throttle where subject like 'address:%' order by subject", String.class))
                .containsExactly("address:203.0.113.7", "address:203.0.113.8");
    }
}
