package io.esteira.shared.web;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class TrustedProxiesTest {

    @Test
    void cidr_ranges_and_nothing_are_accepted() {
        assertThatCode(() -> TrustedProxies.check("")).doesNotThrowAnyException();
        assertThatCode(() -> TrustedProxies.check("10.0.0.5/32, 172.16.0.0/12,fd00::/8")).doesNotThrowAnyException();
    }

    @Test
    void a_bare_address_a_host_name_or_a_regular_expression_stops_the_start() {
        assertThatThrownBy(() -> TrustedProxies.check("10.0.0.5")).hasMessageContaining("10.0.0.5/32");
        assertThatThrownBy(() -> TrustedProxies.check("proxy.bank.example/32")).hasMessageContaining("IP address");
        assertThatThrownBy(() -> TrustedProxies.check("10\\.\\d+\\.\\d+\\.\\d+")).hasMessageContaining("CIDR");
        assertThatThrownBy(() -> TrustedProxies.check("10.0.0.0/33")).hasMessageContaining("CIDR");
    }
}
