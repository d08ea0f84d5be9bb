package io.esteira.notifications.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URL;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.core.io.UrlResource;
import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.core.io.support.PropertiesLoaderUtils;
import org.springframework.core.io.support.SpringFactoriesLoader;
import org.springframework.mock.env.MockEnvironment;

/** E-mail is on only when ESTEIRA_SMTP_HOST names a host: an empty value must not make Boot's mail sender. */
class SmtpHostFromEnvironmentTest {

    @Test
    void spring_boot_finds_it() throws Exception {
        List<String> registered = new ArrayList<>();
        for (URL url : Collections.list(getClass().getClassLoader().getResources(SpringFactoriesLoader.FACTORIES_RESOURCE_LOCATION))) {
            registered.add(String.valueOf(PropertiesLoaderUtils.loadProperties(new UrlResource(url))
                    .getProperty(EnvironmentPostProcessor.class.getName())));
        }
        assertThat(registered).anyMatch(names -> names.contains(SmtpHostFromEnvironment.class.getName()));
    }

    @Test
    void a_named_host_becomes_spring_mail_host() {
        MockEnvironment env = new MockEnvironment().withProperty(SmtpHostFromEnvironment.PROPERTY, " smtp.bank.example ");
        new SmtpHostFromEnvironment().postProcessEnvironment(env, null);
        assertThat(env.getProperty("spring.mail.host")).isEqualTo("smtp.bank.example");
    }

    @Test
    void an_empty_host_leaves_email_off() {
        MockEnvironment env = new MockEnvironment().withProperty(SmtpHostFromEnvironment.PROPERTY, "");
        new SmtpHostFromEnvironment().postProcessEnvironment(env, null);
        assertThat(env.containsProperty("spring.mail.host")).isFalse();
    }

    @Test
    void spring_mail_host_set_directly_wins() {
        MockEnvironment env = new MockEnvironment().withProperty(SmtpHostFromEnvironment.PROPERTY, "smtp.bank.example")
                .withProperty("spring.mail.host", "relay.bank.example");
        new SmtpHostFromEnvironment().postProcessEnvironment(env, null);
        assertThat(env.getProperty("spring.mail.host")).isEqualTo("relay.bank.example");
    }
}
