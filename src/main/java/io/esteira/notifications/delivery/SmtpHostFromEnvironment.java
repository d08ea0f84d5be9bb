package io.esteira.notifications.delivery;

import java.util.Map;
import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.context.config.ConfigDataEnvironmentPostProcessor;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * Boot makes its mail sender whenever {@code spring.mail.host} is set, even to an empty value, so
 * {@code spring.mail.host=${ESTEIRA_SMTP_HOST:}} would turn e-mail on with no host. This sets it from
 * {@code esteira.notifications.smtp-host} only when that names a host (and nobody set
 * {@code spring.mail.host} directly).
 */
public class SmtpHostFromEnvironment implements EnvironmentPostProcessor, Ordered {

    static final String PROPERTY = "esteira.notifications.smtp-host";

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        String host = environment.getProperty(PROPERTY);
        if (host != null && !host.isBlank() && !environment.containsProperty("spring.mail.host")) {
            environment.getPropertySources().addLast(new MapPropertySource("esteira-smtp-host", Map.of("spring.mail.host", host.strip())));
        }
    }

    @Override
    public int getOrder() {
        return ConfigDataEnvironmentPostProcessor.ORDER + 1; // after application.properties has been read
    }
}
