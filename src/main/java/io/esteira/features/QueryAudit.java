package io.esteira.features;

import io.esteira.features.FeatureEvents.SourceQueried;
import io.esteira.shared.AuditableEvent.Outcome;
import io.esteira.shared.Trace;
import java.time.Clock;
import java.util.UUID;
import java.util.function.Supplier;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Records every ad-hoc query people run on a data source (previews, the explorer, statistics,
 * training sets) in the audit log, with its SQL, source, area and person: the ones that ran, the
 * ones the source failed, and the ones the portal refused.
 */
@Component
class QueryAudit {

    static final int MAX_SQL = 8_000;

    private final ApplicationEventPublisher events;
    private final TransactionTemplate transactions;
    private final Clock clock;

    QueryAudit(ApplicationEventPublisher events, TransactionTemplate transactions, Clock clock) {
        this.clock = clock;
        this.events = events;
        this.transactions = transactions;
    }

    <T> T record(UUID sourceId, String sourceName, UUID areaId, String purpose, String sql, Supplier<T> query) {
        try {
            T result = query.get();
            publish(sourceId, sourceName, areaId, purpose, sql, Outcome.SUCCESS, null);
            return result;
        } catch (QueryRefusedException e) {
            publish(sourceId, sourceName, areaId, purpose, sql, Outcome.DENIED, e.getMessage());
            throw e;
        } catch (RuntimeException e) {
            publish(sourceId, sourceName, areaId, purpose, sql, Outcome.FAILED, e.getMessage());
            throw e;
        }
    }

    private void publish(UUID sourceId, String sourceName, UUID areaId, String purpose, String sql, Outcome outcome, String reason) {
        String text = sql == null ? "" : sql.length() > MAX_SQL ? sql.substring(0, MAX_SQL) + "…" : sql;
        transactions.executeWithoutResult(tx -> events.publishEvent(
                new SourceQueried(sourceId, areaId, sourceName, purpose, text, outcome, reason, Trace.capture(clock))));
    }
}
