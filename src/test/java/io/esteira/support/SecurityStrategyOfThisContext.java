package io.esteira.support;

import org.springframework.core.Ordered;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.core.context.SecurityContextHolderStrategy;
import org.springframework.test.context.TestContext;
import org.springframework.test.context.TestExecutionListener;

/**
 * Vaadin gives each application context its own {@link SecurityContextHolderStrategy} (with its own
 * thread-local) and makes it the static one of {@link SecurityContextHolder} when the context
 * starts. With two cached contexts in one JVM (H2 and PostgreSQL), the static holder would point at
 * whichever started last, while method security reads its own context's strategy: a signed-in
 * persona would then look anonymous. Before each test, point the static holder at the strategy of
 * the context the test runs in.
 */
public class SecurityStrategyOfThisContext implements TestExecutionListener, Ordered {

    @Override
    public void prepareTestInstance(TestContext testContext) {
        use(testContext);
    }

    @Override
    public void beforeTestMethod(TestContext testContext) {
        use(testContext);
    }

    private static void use(TestContext testContext) {
        testContext.getApplicationContext().getBeanProvider(SecurityContextHolderStrategy.class)
                .ifAvailable(SecurityContextHolder::setContextHolderStrategy);
        SecurityContextHolder.clearContext();
    }

    @Override
    public int getOrder() {
        return Ordered.HIGHEST_PRECEDENCE + 100;
    }
}
