package io.esteira.support;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.ContextConfiguration;
import org.springframework.test.context.TestExecutionListeners;

/**
 * Like {@link IntegrationTest}, but on a freshly created PostgreSQL database ({@code esteira_it} on
 * 127.0.0.1:5432). Skipped when PostgreSQL is not reachable, except in CI ({@code CI=true}), where
 * that is a failure.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@ExtendWith(PostgresRequired.class)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("test")
@ContextConfiguration(initializers = FreshPostgresDatabase.class)
@Import({OneSecurityStrategy.class, Personas.class, AuditTrail.class, Api.class, SourceGrantsForTests.class, LiveDeployments.class})
@TestExecutionListeners(listeners = SecurityStrategyOfThisContext.class,
        mergeMode = TestExecutionListeners.MergeMode.MERGE_WITH_DEFAULTS)
public @interface PostgresIntegrationTest {
}
