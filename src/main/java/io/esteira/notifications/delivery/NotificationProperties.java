package io.esteira.notifications.delivery;

import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * @param webhookAllowHttp    plain http webhooks too (tests against a local server); https only otherwise
 * @param webhookHosts        host suffixes webhooks may go to, e.g. {@code hooks.bank.example}; empty: any public host
 * @param webhookSecret       HMAC-SHA256 key that signs each webhook body; empty: no signature header
 * @param webhookConnectTimeout how long to wait for a receiver's connection
 * @param webhookTimeout      how long to wait for a receiver's answer
 * @param maxAttempts         attempts per delivery before it is given up
 * @param retryBackoff        wait after the first failed attempt, doubled after each further one
 * @param retryInterval       how often each node looks for deliveries that are due (retries, and those a stopped node left)
 * @param mailFrom            sender address of e-mails
 * @param portalUrl           the portal's address, e.g. {@code https://esteira.bank.example}, so that links in e-mails and webhooks are absolute
 */
@ConfigurationProperties("esteira.notifications")
public record NotificationProperties(
        @DefaultValue("false") boolean webhookAllowHttp,
        @DefaultValue List<String> webhookHosts,
        @DefaultValue("") String webhookSecret,
        @DefaultValue("PT5S") Duration webhookConnectTimeout,
        @DefaultValue("PT10S") Duration webhookTimeout,
        @DefaultValue("5") int maxAttempts,
        @DefaultValue("PT30S") Duration retryBackoff,
        @DefaultValue("PT15S") Duration retryInterval,
        @DefaultValue("esteira@localhost") String mailFrom,
        @DefaultValue("") String portalUrl) {

    /** An attempt holds its delivery this long; a node that dies mid-attempt lets it go after that. */
    public Duration claim() {
        return webhookConnectTimeout.plus(webhookTimeout).multipliedBy(2).plusSeconds(30);
    }

    /** The link as an absolute address when the portal's address is known, else the portal path. */
    public String absolute(String link) {
        if (link == null || portalUrl.isBlank()) {
            return link;
        }
        return portalUrl.replaceAll("/+$", "") + link;
    }
}
