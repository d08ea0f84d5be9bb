package io.esteira.audit;

import io.esteira.audit.domain.AuditHashes;
import io.esteira.audit.domain.AuditRecord;
import io.esteira.audit.domain.AuditRecords;
import io.esteira.audit.domain.ChainHead;
import io.esteira.audit.domain.VerificationRun;
import io.esteira.audit.domain.VerificationRuns;
import io.esteira.shared.AuditableEvent;
import io.esteira.shared.Trace;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.persistence.criteria.CriteriaBuilder;
import jakarta.persistence.criteria.CriteriaQuery;
import jakarta.persistence.criteria.Predicate;
import jakarta.persistence.criteria.Root;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.data.domain.Limit;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

/** The audit module's facade: append (from events), search, export, count and verify. */
@Service
@Transactional(readOnly = true)
public class AuditLog {

    private static final int BATCH = 1000;
    private static final JsonMapper CANONICAL_JSON = JsonMapper.builder()
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
            .build();

    private final EntityManager entityManager;
    private final AuditRecords records;
    private final VerificationRuns verifications;
    private final ApplicationEventPublisher events;
    private final AuditChainKey key;
    private final Clock clock;

    AuditLog(EntityManager entityManager, AuditRecords records, VerificationRuns verifications,
            ApplicationEventPublisher events, AuditChainKey key, Clock clock) {
        this.clock = clock;
        this.entityManager = entityManager;
        this.records = records;
        this.verifications = verifications;
        this.events = events;
        this.key = key;
    }

    /** Appends one event as the next link of the chain. */
    @Transactional
    long append(AuditableEvent event) {
        ChainHead head = entityManager.find(ChainHead.class, ChainHead.ID, LockModeType.PESSIMISTIC_WRITE);
        Trace trace = event.trace();
        Instant at = (trace.at() == null ? clock.instant() : trace.at()).truncatedTo(ChronoUnit.MICROS);
        String details = event.details() == null || event.details().isEmpty() ? null
                : CANONICAL_JSON.writeValueAsString(event.details());
        AuditRecord record = new AuditRecord(head.getLastSeq() + 1, at, cut(trace.actor(), 160),
                trace.actorType().name(), event.action(), event.objectType(), cut(event.objectId(), 80),
                event.areaId(), event.outcome().name(), cut(details, 16000), cut(trace.clientAddress(), 64),
                cut(trace.correlationId(), 64), head.getLastHash());
        long keyedFrom = head.keyedFrom();
        if (record.getSeq() >= keyedFrom) {
            if (head.getKeyedFromSeal() == null && record.getSeq() == keyedFrom) {
                head.sealKeyedFrom(key.seal(keyedFrom)); // the first keyed row: seal where keying starts
            }
            record.keyedHash(key.hash(record.getPrevHash(), record.canonical()));
        }
        entityManager.persist(record);
        head.advance(record);
        return record.getSeq();
    }

    @PreAuthorize("hasAnyRole('REVIEWER','ADMIN')")
    public List<AuditEntry> search(AuditFilter filter, int offset, int limit) {
        CriteriaBuilder cb = entityManager.getCriteriaBuilder();
        CriteriaQuery<AuditRecord> query = cb.createQuery(AuditRecord.class);
        Root<AuditRecord> row = query.from(AuditRecord.class);
        query.where(predicates(cb, row, filter, null));
        if (filter.from() != null || filter.to() != null) {
            // newest first by time, so that the database walks the time index instead of the whole log
            query.orderBy(cb.desc(row.get("occurredAt")), cb.desc(row.get("seq")));
        } else {
            query.orderBy(cb.desc(row.get("seq")));
        }
        return entityManager.createQuery(query).setFirstResult(offset).setMaxResults(Math.min(limit, 500))
                .getResultList().stream().map(AuditLog::entry).toList();
    }

    /** Writes every row that matches, newest first, as CSV; reads in batches so memory stays flat. */
    @PreAuthorize("hasAnyRole('REVIEWER','ADMIN')")
    @Transactional(noRollbackFor = UncheckedIOException.class) // a broken download still leaves its audit record
    public long exportCsv(AuditFilter filter, Writer out) {
        events.publishEvent(new AuditExported(filter, Trace.capture(clock)));
        try {
            out.write("seq,occurred_at,actor,actor_type,action,object_type,object_id,area_id,outcome,details,client_address,correlation_id,hash\n");
            Long before = null;
            long written = 0;
            CriteriaBuilder cb = entityManager.getCriteriaBuilder();
            while (true) {
                CriteriaQuery<AuditRecord> query = cb.createQuery(AuditRecord.class);
                Root<AuditRecord> row = query.from(AuditRecord.class);
                query.where(predicates(cb, row, filter, before)).orderBy(cb.desc(row.get("seq")));
                List<AuditRecord> batch = entityManager.createQuery(query).setMaxResults(BATCH).getResultList();
                for (AuditRecord r : batch) {
                    out.write(String.join(",", String.valueOf(r.getSeq()), r.getOccurredAt().toString(),
                            csv(r.getActor()), r.getActorType(), csv(r.getAction()), csv(r.getObjectType()),
                            csv(r.getObjectId()), r.getAreaId() == null ? "" : r.getAreaId().toString(),
                            r.getOutcome(), csv(r.getDetails()), csv(r.getClientAddress()),
                            csv(r.getCorrelationId()), r.getHash()));
                    out.write('\n');
                    entityManager.detach(r);
                }
                written += batch.size();
                if (batch.size() < BATCH) {
                    out.flush();
                    return written;
                }
                before = batch.get(batch.size() - 1).getSeq();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Events per UTC day for the last {@code days} days, oldest first. */
    @PreAuthorize("hasAnyRole('REVIEWER','ADMIN')")
    public Map<LocalDate, Long> eventsPerDay(int days) {
        Map<LocalDate, Long> counts = new LinkedHashMap<>();
        LocalDate today = LocalDate.now(clock.withZone(ZoneOffset.UTC));
        for (LocalDate day = today.minusDays(days - 1L); !day.isAfter(today); day = day.plusDays(1)) {
            Instant from = day.atStartOfDay(ZoneOffset.UTC).toInstant();
            counts.put(day, records.countByOccurredAtGreaterThanEqualAndOccurredAtLessThan(from,
                    from.plus(1, ChronoUnit.DAYS)));
        }
        return counts;
    }

    /**
     * Walks the chain from the first row: each row must follow its predecessor's sequence number,
     * carry its hash, and hash to what it says; the chain head must point at the last row.
     */
    @PreAuthorize("hasRole('ADMIN')")
    @Transactional
    public ChainVerification verify(String requestedBy) {
        Instant started = clock.instant();
        // The head as committed now: rows appended while we walk lie beyond it and are left for the next check.
        ChainHead head = entityManager.find(ChainHead.class, ChainHead.ID);
        long lastSeq = head.getLastSeq();
        String lastHash = head.getLastHash();
        long keyedFrom = head.keyedFrom();
        String keyedFromSeal = head.getKeyedFromSeal();
        entityManager.detach(head);
        long expectedSeq = 1;
        String previousHash = AuditHashes.GENESIS;
        long checked = 0;
        Long broken = null;
        String reason = null;
        long after = Long.MIN_VALUE;
        Long pinned = key.pinnedKeyedFrom();
        if (pinned != null && pinned != keyedFrom) {
            broken = Math.min(pinned, keyedFrom);
            reason = "keyed hashing starts at row " + keyedFrom + " in the database but at row " + pinned
                    + " in the configuration (ESTEIRA_AUDIT_KEYED_FROM): the boundary was moved";
        } else if (keyedFromSeal != null ? !key.seal(keyedFrom).equals(keyedFromSeal) : keyedFrom <= lastSeq) {
            broken = Math.max(1, Math.min(keyedFrom, lastSeq));
            reason = "the start of keyed hashing (row " + keyedFrom + ") is not the one the portal sealed: the boundary was moved";
        }
        outer:
        while (broken == null) {
            List<AuditRecord> batch = records.findBySeqGreaterThanOrderBySeqAsc(after, Limit.of(BATCH));
            for (AuditRecord r : batch) {
                if (r.getSeq() > lastSeq && r.getSeq() >= expectedSeq) {
                    break outer;
                }
                if (r.getSeq() != expectedSeq) {
                    broken = expectedSeq;
                    reason = r.getSeq() > expectedSeq ? "row " + expectedSeq + " is missing (the next row is " + r.getSeq() + ")"
                            : "a row with sequence number " + r.getSeq() + " stands where row " + expectedSeq + " belongs";
                    break outer;
                }
                if (!r.getPrevHash().equals(previousHash)) {
                    broken = r.getSeq();
                    reason = "does not link to the row before it";
                    break outer;
                }
                String expected = r.getSeq() >= keyedFrom ? key.hash(r.getPrevHash(), r.canonical())
                        : AuditHashes.hash(r.getPrevHash(), r.canonical());
                if (!expected.equals(r.getHash())) {
                    broken = r.getSeq();
                    reason = "content does not match its hash (the row was changed)";
                    break outer;
                }
                checked++;
                previousHash = r.getHash();
                expectedSeq++;
                entityManager.detach(r);
            }
            if (batch.size() < BATCH) {
                break;
            }
            after = batch.get(batch.size() - 1).getSeq();
        }
        if (broken == null && expectedSeq - 1 < lastSeq) {
            broken = expectedSeq;
            reason = "rows " + expectedSeq + " to " + lastSeq + " are missing (the chain head is at " + lastSeq + ")";
        } else if (broken == null && !lastHash.equals(previousHash)) {
            broken = lastSeq;
            reason = "the newest row was changed: its hash differs from the one the chain head recorded";
        }
        VerificationRun run = verifications.save(new VerificationRun(started, checked, broken == null, broken, reason,
                requestedBy, protection(keyedFrom, lastSeq, pinned != null), clock.instant()));
        ChainVerification result = result(run);
        events.publishEvent(new AuditChainVerified(result, Trace.capture(clock)));
        return result;
    }

    /** Says which rows a person with write access to the database could rewrite undetected, and which not. */
    private String protection(long keyedFrom, long lastSeq, boolean pinned) {
        String keyed = "HMAC-SHA256 with a key outside the database (" + key.source() + ")";
        if (keyedFrom <= 1) {
            return "rows 1 to " + lastSeq + ": " + keyed;
        }
        String boundary = pinned ? "the start pinned by ESTEIRA_AUDIT_KEYED_FROM"
                : "the start recorded in the database; pin it with ESTEIRA_AUDIT_KEYED_FROM=" + keyedFrom;
        if (keyedFrom > lastSeq) {
            return "rows 1 to " + lastSeq + ": SHA-256 only, written before the chain was keyed; rows from " + keyedFrom
                    + " on: " + keyed + "; " + boundary;
        }
        return "rows 1 to " + (keyedFrom - 1) + ": SHA-256 only, written before the chain was keyed; rows " + keyedFrom
                + " to " + lastSeq + ": " + keyed + "; " + boundary;
    }

    @PreAuthorize("hasAnyRole('REVIEWER','ADMIN')")
    public Optional<ChainVerification> lastVerification() {
        return verifications.findFirstByOrderByFinishedAtDesc().map(AuditLog::result);
    }

    private static Predicate[] predicates(CriteriaBuilder cb, Root<AuditRecord> row, AuditFilter f, Long beforeSeq) {
        List<Predicate> where = new ArrayList<>();
        if (beforeSeq != null) {
            where.add(cb.lessThan(row.get("seq"), beforeSeq));
        }
        if (f.from() != null) {
            where.add(cb.greaterThanOrEqualTo(row.get("occurredAt"), f.from()));
        }
        if (f.to() != null) {
            where.add(cb.lessThan(row.get("occurredAt"), f.to()));
        }
        if (hasText(f.actor())) {
            where.add(cb.equal(row.get("actor"), f.actor().strip()));
        }
        if (f.areaId() != null) {
            where.add(cb.equal(row.get("areaId"), f.areaId()));
        }
        if (hasText(f.action())) {
            String action = f.action().strip();
            where.add(action.endsWith(".") ? cb.like(row.get("action"), action + "%")
                    : cb.equal(row.get("action"), action));
        }
        if (hasText(f.objectType())) {
            where.add(cb.equal(row.get("objectType"), f.objectType().strip()));
        }
        if (hasText(f.objectId())) {
            where.add(cb.equal(row.get("objectId"), f.objectId().strip()));
        }
        if (hasText(f.outcome())) {
            where.add(cb.equal(row.get("outcome"), f.outcome().strip()));
        }
        return where.toArray(Predicate[]::new);
    }

    private static boolean hasText(String s) {
        return s != null && !s.isBlank();
    }

    private static String cut(String s, int max) {
        return s == null || s.length() <= max ? s : s.substring(0, max);
    }

    /** RFC 4180 quoting, and a leading quote for cells a spreadsheet would run as a formula. */
    static String csv(String value) {
        return io.esteira.shared.Csv.cell(value);
    }

    private static AuditEntry entry(AuditRecord r) {
        return new AuditEntry(r.getSeq(), r.getOccurredAt(), r.getActor(), r.getActorType(), r.getAction(),
                r.getObjectType(), r.getObjectId(), r.getAreaId(), r.getOutcome(), r.getDetails(),
                r.getClientAddress(), r.getCorrelationId(), r.getHash());
    }

    private static ChainVerification result(VerificationRun run) {
        return new ChainVerification(run.getFinishedAt(), run.getCheckedRows(), run.isIntact(), run.getFirstBroken(),
                run.getReason(), run.getRequestedBy(), run.getProtection());
    }
}
