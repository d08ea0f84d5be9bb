package io.esteira.areas;

import io.esteira.areas.domain.Areas;
import io.esteira.shared.security.SystemActor;
import java.math.BigDecimal;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

/** The demo areas of the embedded default, created once through the service so that they are audited. */
@Component
@Order(10)
@ConditionalOnProperty(name = "esteira.demo.enabled", havingValue = "true")
class DemoAreas implements ApplicationRunner {

    private final AreaService service;
    private final Areas areas;

    DemoAreas(AreaService service, Areas areas) {
        this.service = service;
        this.areas = areas;
    }

    @Override
    public void run(ApplicationArguments args) {
        if (areas.count() > 0) {
            return;
        }
        SystemActor.run(() -> {
            service.create(new AreaDraft("CREDIT", "Credit Risk", "CC-1001", new BigDecimal("120000"), "EUR", true));
            service.create(new AreaDraft("FRAUD", "Fraud", "CC-2002", new BigDecimal("80000"), "EUR", true));
            service.create(new AreaDraft("MARKETING", "Marketing", "CC-3003", new BigDecimal("50000"), "EUR", true));
        });
    }
}
