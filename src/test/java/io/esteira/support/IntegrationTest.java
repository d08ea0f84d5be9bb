package io.esteira.support;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.TestExecutionListeners;

/**
 * The whole portal on a random port, on a private in-memory H2 database with the demo areas and
 * personas. Every class with this annotation (and nothing else that changes the context) shares
 * one cached Spring context, so keep additions here rather than on single test classes.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("test")
@Import({OneSecurityStrategy.class, Personas.class, AuditTrail.class, Api.class, SourceGrantsForTests.class, LiveDeployments.class})
@TestExecutionListeners(listeners = SecurityStrategyOfThisContext.class,
        mergeMode = TestExecutionListeners.MergeMode.MERGE_WITH_DEFAULTS)
public @interface IntegrationTest {
}
