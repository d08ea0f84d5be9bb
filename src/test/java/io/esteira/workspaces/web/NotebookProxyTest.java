package io.esteira.workspaces.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockHttpServletRequest;

class NotebookProxyTest {

    @Test
    void theTokenIsTakenOutOfJupytersPagesWhereverItStands() {
        byte[] page = "<body data-jupyter-api-token=\"s3cr3t\"><a href=\"/lab/tree?token=s3cr3t\">s3cr3ts3cr3t</a>s3cr"
                .getBytes(StandardCharsets.UTF_8);
        assertThat(new String(NotebookProxy.without(page, "s3cr3t".getBytes(StandardCharsets.UTF_8)), StandardCharsets.UTF_8))
                .isEqualTo("<body data-jupyter-api-token=\"\"><a href=\"/lab/tree?token=\"></a>s3cr");
    }

    @Test
    void onlyRequestsFromThePortalsOwnOriginCount() {
        assertThat(NotebookProxy.fromPortal(request("https://portal.bank.example", null))).isTrue();
        assertThat(NotebookProxy.fromPortal(request("https://evil.example", null))).isFalse();
        assertThat(NotebookProxy.fromPortal(request("https://portal.bank.example.evil.example", null))).isFalse();
        assertThat(NotebookProxy.fromPortal(request("null", null))).isFalse();
        assertThat(NotebookProxy.fromPortal(request(null, "https://portal.bank.example/workspaces/x/lab/tree"))).isTrue();
        assertThat(NotebookProxy.fromPortal(request(null, "https://portal.bank.example.evil.example/"))).isFalse();
        assertThat(NotebookProxy.fromPortal(request(null, null))).as("neither Origin nor Referer").isFalse();
    }

    private static MockHttpServletRequest request(String origin, String referer) {
        MockHttpServletRequest request = new MockHttpServletRequest("POST", "/workspaces/x/lab/api/kernels");
        request.setScheme("https");
        request.setServerName("portal.bank.example");
        request.setServerPort(443);
        if (origin != null) {
            request.addHeader("Origin", origin);
        }
        if (referer != null) {
            request.addHeader("Referer", referer);
        }
        return request;
    }
}
