package io.esteira.identity.security;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Who may read the management endpoints other than health ({@code /actuator/prometheus}, {@code /actuator/info}):
 * a scraper with this user name and password, by HTTP basic ({@code esteira.management.*}). Without a
 * password nobody may.
 */
@ConfigurationProperties("esteira.management")
public record ManagementAccessProperties(@DefaultValue("prometheus") String scrapeUsername, String scrapePassword) {

    boolean scrapeEnabled() {
        return scrapePassword != null && !scrapePassword.isBlank();
    }
}
