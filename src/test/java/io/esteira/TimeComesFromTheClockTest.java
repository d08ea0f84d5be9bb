package io.esteira;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.AccessTarget;
import com.tngtech.archunit.core.domain.JavaAccess;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.MonthDay;
import java.time.OffsetDateTime;
import java.time.OffsetTime;
import java.time.Year;
import java.time.YearMonth;
import java.time.ZonedDateTime;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Time comes from the one {@link Clock} bean (io.esteira.shared.ClockConfiguration), so that tests move the clock
 * instead of editing rows: no class of the portal reads the wall clock itself.
 */
class TimeComesFromTheClockTest {

    private static final String THE_CLOCK = "io.esteira.shared.ClockConfiguration";
    private static final Set<String> DATES_AND_TIMES = Set.of(Instant.class.getName(), LocalDate.class.getName(),
            LocalDateTime.class.getName(), LocalTime.class.getName(), OffsetDateTime.class.getName(), OffsetTime.class.getName(),
            ZonedDateTime.class.getName(), YearMonth.class.getName(), Year.class.getName(), MonthDay.class.getName());

    /** {@code now()} or {@code now(zone)} of a java.time type (not {@code now(clock)}), the system's clocks, {@code System.currentTimeMillis()}. */
    private static final DescribedPredicate<JavaAccess<?>> READS_THE_WALL_CLOCK = new DescribedPredicate<>("reads the wall clock") {
        @Override
        public boolean test(JavaAccess<?> access) {
            AccessTarget target = access.getTarget();
            String owner = target.getOwner().getName();
            String name = target.getName();
            if (DATES_AND_TIMES.contains(owner) && name.equals("now")) {
                return target instanceof AccessTarget.CodeUnitAccessTarget unit
                        && unit.getRawParameterTypes().stream().noneMatch(t -> t.isAssignableTo(Clock.class));
            }
            if (owner.equals(Clock.class.getName())) {
                return name.startsWith("system");
            }
            return owner.equals(System.class.getName()) && name.equals("currentTimeMillis");
        }
    };

    @Test
    void the_portal_takes_the_time_from_the_one_clock_bean() {
        JavaClasses portal = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("io.esteira");

        noClasses().that().resideInAPackage("io.esteira..").and().doNotHaveFullyQualifiedName(THE_CLOCK)
                .should().accessTargetWhere(READS_THE_WALL_CLOCK)
                .as("no class of the portal but " + THE_CLOCK + " reads the wall clock (now() or now(zone) instead of now(clock), "
                        + "Clock.system…(), System.currentTimeMillis())")
                .because("time comes from the one Clock bean (" + THE_CLOCK + "): inject the Clock and use clock.instant(), "
                        + "LocalDate.now(clock), …, so that tests can move time; measure a duration with System.nanoTime()")
                .check(portal);
    }
}
