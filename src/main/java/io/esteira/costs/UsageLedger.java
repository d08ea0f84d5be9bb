package io.esteira.costs;

import io.esteira.costs.domain.UsageRecord;
import io.esteira.costs.domain.UsageRecords;
import java.math.BigDecimal;
import java.math.MathContext;
import java.time.Duration;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * The usage ledger: intervals in which something held resources. Modules write it in the same
 * transaction as the state change that opens or closes an interval, so the two never disagree.
 * Callers check area access; the ledger only records and sums.
 */
@Service
@Transactional(readOnly = true)
public class UsageLedger {

    private static final BigDecimal SECONDS_PER_HOUR = BigDecimal.valueOf(3600);

    private final UsageRecords records;
    private final RatingDue due;

    UsageLedger(UsageRecords records, RatingDue due) {
        this.records = records;
        this.due = due;
    }

    /**
     * Opens an interval; an interval of the same source still open is closed first. A start in an hour
     * already past marks that hour due for rating again (a late event is rated into the hour it belongs to).
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public void open(UsageStart start) {
        open(start, false);
    }

    /** As {@link #open(UsageStart)}; {@code demo}: the interval is the embedded default's demo cost history ({@link DemoCostHistory}). */
    @Transactional(propagation = Propagation.MANDATORY)
    void open(UsageStart start, boolean demo) {
        close(start.sourceType(), start.sourceId(), start.startedAt(), "superseded by a new interval");
        UsageRecord record = new UsageRecord(start);
        if (demo) {
            record.markDemo();
        }
        records.save(record);
        due.markIfPast(start.startedAt());
    }

    /** Closes the source's open interval, if any; an end in a past hour marks it due. @return whether one was open */
    @Transactional(propagation = Propagation.MANDATORY)
    public boolean close(String sourceType, UUID sourceId, Instant endedAt, String reason) {
        List<UsageRecord> open = records.findBySourceTypeAndSourceIdAndEndedAtIsNull(sourceType, sourceId);
        open.forEach(r -> r.close(endedAt, reason));
        if (!open.isEmpty()) {
            records.flush();
            due.markIfPast(endedAt);
        }
        return !open.isEmpty();
    }

    /**
     * Counted usage (e.g. prediction-log entries) of the given time reached its source late: an hour
     * before the current one is rated again. Needs no transaction.
     */
    public void usageChangedAt(Instant at) {
        due.markIfPast(at);
    }

    public boolean isOpen(String sourceType, UUID sourceId) {
        return !records.findBySourceTypeAndSourceIdAndEndedAtIsNull(sourceType, sourceId).isEmpty();
    }

    /** What each source has cost so far at the given rates, open intervals counted up to now. */
    public Map<UUID, BigDecimal> costSoFar(String sourceType, Collection<UUID> sourceIds, Rates rates, Instant now) {
        Map<UUID, BigDecimal> costs = new HashMap<>();
        if (sourceIds.isEmpty()) {
            return costs;
        }
        for (UsageRecord r : records.findBySourceTypeAndSourceIdIn(sourceType, sourceIds)) {
            costs.merge(r.getSourceId(), cost(r, r.getStartedAt(), r.getEndedAt() == null ? now : r.getEndedAt(), rates),
                    BigDecimal::add);
        }
        return costs;
    }

    private static BigDecimal cost(UsageRecord r, Instant start, Instant end, Rates rates) {
        ResourceShape shape = r.shape();
        if (!rates.prices(shape) || !end.isAfter(start)) {
            return BigDecimal.ZERO;
        }
        BigDecimal hours = BigDecimal.valueOf(Duration.between(start, end).toMillis())
                .divide(SECONDS_PER_HOUR.multiply(BigDecimal.valueOf(1000)), MathContext.DECIMAL64);
        return rates.hourly(shape).multiply(hours, MathContext.DECIMAL64);
    }
}
