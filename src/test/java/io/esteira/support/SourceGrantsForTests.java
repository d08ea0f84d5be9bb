package io.esteira.support;

import io.esteira.areas.AreaService;
import io.esteira.features.SourceAccess;
import java.util.UUID;
import org.springframework.boot.test.context.TestComponent;

/** Grants a test's platform-wide source to every area, as an administrator does before anyone queries it. */
@TestComponent
public class SourceGrantsForTests {

    private final SourceAccess access;
    private final AreaService areas;
    private final Personas personas;

    SourceGrantsForTests(SourceAccess access, AreaService areas, Personas personas) {
        this.access = access;
        this.areas = areas;
        this.personas = personas;
    }

    public UUID toEveryArea(UUID sourceId) {
        personas.run(Personas.ADMIN, () -> areas.myAreas().forEach(a -> access.grant(sourceId, a.id(), "*")));
        return sourceId;
    }
}
