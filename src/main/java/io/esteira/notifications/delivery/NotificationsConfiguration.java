package io.esteira.notifications.delivery;

import java.net.InetAddress;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(NotificationProperties.class)
class NotificationsConfiguration {

    @Bean
    WebhookAddresses webhookAddresses(NotificationProperties properties) {
        return new WebhookAddresses(properties.webhookAllowHttp(), properties.webhookHosts(), InetAddress::getAllByName);
    }
}
