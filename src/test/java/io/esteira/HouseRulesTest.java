package io.esteira;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaAccess;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaMethodCall;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The house rules of ../shared/ARCHITECTURE.md that a machine can check, on the portal's own classes (not the tests).
 * Each rule names the reason, so that the message of a broken rule says what to do instead.
 */
class HouseRulesTest {

    private static JavaClasses portal;

    @BeforeAll
    static void importThePortal() {
        portal = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_JARS).importPackages("io.esteira");
        org.assertj.core.api.Assertions.assertThat(portal).as("the portal's classes").hasSizeGreaterThan(500);
    }

    @Test
    void no_thread_interrupts_another() {
        ArchRule rule = classes().should(leaveOtherThreadsAlone())
                .because("an interrupt that lands while a thread is in H2 closes the database for the whole JVM; stop loops with "
                        + "io.esteira.shared.StopSignal and executors with shutdown(), and restore an interrupt only with "
                        + "Thread.currentThread().interrupt()");
        rule.check(portal);
    }

    @Test
    void views_never_touch_repositories_or_stored_entities() {
        ArchRule rule = noClasses().that().resideInAPackage("..ui..").or().areAssignableTo(com.vaadin.flow.component.Component.class)
                .should().dependOnClassesThat().areAssignableTo(org.springframework.data.repository.Repository.class)
                .orShould().dependOnClassesThat().areAnnotatedWith(jakarta.persistence.Entity.class)
                .because("a screen goes through its module's service, which checks access and audits; entities stay inside the module");
        rule.check(portal);
    }

    /**
     * A call of {@code Thread.interrupt()}, {@code ExecutorService.shutdownNow()} or {@code Future.cancel(..)} (whose
     * argument a class file does not show), except {@code Thread.currentThread().interrupt()} on one line.
     */
    static ArchCondition<JavaClass> leaveOtherThreadsAlone() {
        return new ArchCondition<>("leave other threads alone") {
            @Override
            public void check(JavaClass item, ConditionEvents events) {
                for (JavaMethodCall call : item.getMethodCallsFromSelf()) {
                    String owner = call.getTargetOwner().getName();
                    String name = call.getName();
                    boolean interrupt = owner.equals(Thread.class.getName()) && name.equals("interrupt");
                    boolean shutdownNow = name.equals("shutdownNow");
                    boolean cancel = name.equals("cancel") && call.getTargetOwner().isAssignableTo(java.util.concurrent.Future.class);
                    if (interrupt && restoresItsOwnInterrupt(call)) {
                        continue;
                    }
                    if (interrupt || shutdownNow || cancel) {
                        events.add(SimpleConditionEvent.violated(call, call.getDescription()));
                    }
                }
            }
        };
    }

    private static boolean restoresItsOwnInterrupt(JavaMethodCall call) {
        return call.getOrigin().getMethodCallsFromSelf().stream()
                .filter(other -> other.getLineNumber() == call.getLineNumber())
                .map(JavaAccess::getName)
                .anyMatch("currentThread"::equals);
    }
}
