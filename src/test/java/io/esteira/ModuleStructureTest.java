package io.esteira;

import org.junit.jupiter.api.Test;
import org.springframework.modulith.core.ApplicationModules;

/** The modules talk only through each other's public API, and depend on each other without cycles. */
class ModuleStructureTest {

    @Test
    void the_modules_respect_each_others_boundaries() {
        ApplicationModules.of(EsteiraApplication.class).verify();
    }
}
