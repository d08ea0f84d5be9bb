package io.esteira.support;

import com.vaadin.flow.spring.security.VaadinAwareSecurityContextHolderStrategy;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.security.core.context.SecurityContextHolderStrategy;

/**
 * One security context strategy for every cached test context of the JVM. Vaadin's (a thread-local of its own per
 * context) becomes the static one of the holder whenever a context starts or a test of it runs; a background thread of
 * another context (the demo's feature statistics, a training run registering its version) that set its context
 * through the strategy before would then read an empty one through the new strategy, and fail with "An Authentication
 * object was not found". Vaadin only creates its strategy when the context has none, so all contexts share this one.
 */
@TestConfiguration(proxyBeanMethods = false)
public class OneSecurityStrategy {

    private static final SecurityContextHolderStrategy SHARED = new VaadinAwareSecurityContextHolderStrategy();

    @Bean
    SecurityContextHolderStrategy vaadinAwareSecurityContextHolderStrategy() {
        return SHARED;
    }
}
