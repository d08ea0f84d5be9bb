package io.esteira.audit;

import io.esteira.support.IntegrationTest;
import java.util.function.Consumer;
import org.springframework.jdbc.core.JdbcTemplate;

/** On H2 nothing but the hash chain guards the rows. */
@IntegrationTest
class AuditChainIntegrationTest extends AuditChainScenarios {

    @Override
    void tamper(Consumer<JdbcTemplate> change) {
        transactions.executeWithoutResult(tx -> change.accept(jdbc));
    }
}
