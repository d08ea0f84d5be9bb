package io.esteira.costs;

import io.esteira.areas.AreaAccess;
import io.esteira.shared.InvalidRequestException;
import io.esteira.shared.NotFoundException;
import io.esteira.shared.Trace;
import io.esteira.shared.security.CurrentUser;
import io.esteira.shared.security.SignedInUser;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.data.domain.Page;
import org.springframework.data.domain.PageImpl;
import org.springframework.data.domain.Pageable;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Storage, metered from periodic measurements: every module that stores data for areas ({@link StoredData})
 * says how many bytes each of its resources holds now, and each resource holds its size in GiB from one
 * measurement to the next as a usage interval of {@link Sku#STORAGE_GIB_MONTH}, which the hourly ledger
 * rates per hour (held GiB / 730) like a disk. A resource seen for the first time opens an interval; a size
 * that changed by more than {@link #TOLERANCE} closes it and opens one of the new size; a resource no longer
 * stored closes it. The latest measurement of every resource is kept (one row per resource, written in the
 * same transaction as its interval: the key of that row is the rule that keeps one interval open per
 * resource), and measurements take turns across nodes on a locked row, so a restart or a second run with no
 * change adds nothing.
 */
@Service
@PreAuthorize("isAuthenticated()")
public class StorageMetering {

    /** A size within 1 % of what the open interval holds leaves the interval as it is. */
    public static final BigDecimal TOLERANCE = new BigDecimal("0.01");
    private static final BigDecimal BYTES_PER_GIB = BigDecimal.valueOf(1L << 30);
    private static final int GIB_SCALE = 6; // usage_quantity.held: numeric(20, 6), about a KiB
    private static final Logger log = LoggerFactory.getLogger(StorageMetering.class);

    /** What one measurement did: resources measured, intervals opened (new), resized and closed (gone). */
    public record Run(Instant at, int measured, int opened, int resized, int closed, List<String> failed) {
    }

    private record Key(String sourceType, UUID resourceId) {
    }

    private record Row(UUID areaId, StorageKind kind, UUID resourceId, UUID ledgerId, long bytes, long heldBytes) {
    }

    private static final class Changes {
        int opened;
        int resized;
        int closed;
        long bytes;

        boolean any() {
            return opened + resized + closed > 0;
        }
    }

    private final ObjectProvider<StoredData> modules;
    private final UsageLedger usage;
    private final NamedParameterJdbcTemplate jdbc;
    private final TransactionTemplate transactions;
    private final AreaAccess access;
    private final ApplicationEventPublisher events;
    private final Clock clock;

    StorageMetering(ObjectProvider<StoredData> modules, UsageLedger usage, NamedParameterJdbcTemplate jdbc,
            PlatformTransactionManager transactionManager, AreaAccess access, ApplicationEventPublisher events, Clock clock) {
        this.modules = modules;
        this.usage = usage;
        this.jdbc = jdbc;
        this.transactions = new TransactionTemplate(transactionManager);
        this.access = access;
        this.events = events;
        this.clock = clock;
    }

    /** GiB of a byte count, as the ledger holds it (6 decimals). */
    public static BigDecimal gib(long bytes) {
        return BigDecimal.valueOf(bytes).divide(BYTES_PER_GIB, GIB_SCALE, RoundingMode.HALF_EVEN);
    }

    /** Whether a measured size differs from what the open interval holds by more than the tolerance. */
    static boolean resized(long held, long now) {
        if (held == 0) {
            return now != 0;
        }
        return BigDecimal.valueOf(Math.abs(now - held)).compareTo(BigDecimal.valueOf(held).multiply(TOLERANCE)) > 0;
    }

    /**
     * Asks every module what it stores now and meters it (what the storage job does every
     * {@code esteira.costs.storage-interval}). Modules are asked before the turn is taken (a source may be
     * slow); a module that fails changes nothing of its kinds this time.
     */
    @PreAuthorize("hasRole('ADMIN')")
    public Run measure() {
        List<StoredData.Stored> reported = new ArrayList<>();
        Set<StorageKind> answered = EnumSet.noneOf(StorageKind.class);
        List<String> failed = new ArrayList<>();
        modules.orderedStream().forEach(module -> {
            Set<StorageKind> kinds = module.kinds();
            try {
                for (StoredData.Stored s : module.stored()) {
                    if (s != null && s.areaId() != null && s.resourceId() != null && kinds.contains(s.kind())
                            && (s.bytes() == null || s.bytes() >= 0)) {
                        reported.add(s);
                    }
                }
                answered.addAll(kinds);
            } catch (RuntimeException e) {
                log.warn("Measuring {} failed; its last measurements stand: {}", kinds, e.toString());
                failed.add(kinds.toString());
                reported.removeIf(s -> kinds.contains(s.kind()));
            }
        });
        return transactions.execute(status -> write(reported, answered, failed));
    }

    private Run write(List<StoredData.Stored> reported, Set<StorageKind> answered, List<String> failed) {
        // one measurement at a time, across nodes; its time is taken once it has the turn, so times only grow
        List<Timestamp> last = jdbc.getJdbcOperations().query("select measured_at from storage_measurement_state where id = 1 for update",
                (rs, i) -> rs.getTimestamp(1));
        Instant at = clock.instant().truncatedTo(ChronoUnit.MILLIS);
        if (!last.isEmpty() && last.getFirst() != null && !at.isAfter(last.getFirst().toInstant())) {
            at = last.getFirst().toInstant().plusMillis(1);
        }
        Map<Key, Row> existing = new LinkedHashMap<>();
        jdbc.getJdbcOperations().query("select area_id, source_type, resource_id, ledger_id, bytes, held_bytes from storage_measurement",
                rs -> {
                    StorageKind kind = StorageKind.ofSource(rs.getString(2));
                    if (kind != null) {
                        existing.put(new Key(rs.getString(2), rs.getObject(3, UUID.class)), new Row(rs.getObject(1, UUID.class), kind,
                                rs.getObject(3, UUID.class), rs.getObject(4, UUID.class), rs.getLong(5), rs.getLong(6)));
                    }
                });
        // how many intervals each resource has open: exactly one, or it is opened again (a check besides the key above)
        Map<UUID, Long> open = new HashMap<>();
        jdbc.query("select source_id, count(*) from usage_record where ended_at is null and source_type in (:types) group by source_id",
                new MapSqlParameterSource("types", Arrays.stream(StorageKind.values()).map(StorageKind::sourceType).toList()),
                rs -> {
                    open.put(rs.getObject(1, UUID.class), rs.getLong(2));
                });

        Map<UUID, Changes> byArea = new LinkedHashMap<>();
        Map<Key, Boolean> seen = new HashMap<>();
        int measured = 0;
        Timestamp now = Timestamp.from(at);
        for (StoredData.Stored s : reported) {
            Key key = new Key(s.kind().sourceType(), s.resourceId());
            if (seen.putIfAbsent(key, Boolean.TRUE) != null) {
                continue; // reported twice: the first answer counts
            }
            Row before = existing.remove(key);
            if (s.bytes() == null) {
                continue; // exists, not measurable now: its last measurement stands
            }
            measured++;
            long bytes = s.bytes();
            UUID ledgerId = s.kind().ledgerId(s.resourceId());
            String name = cut(s.kind().describe(s.name()));
            Changes changes = byArea.computeIfAbsent(s.areaId(), a -> new Changes());
            changes.bytes += bytes;
            MapSqlParameterSource row = new MapSqlParameterSource("type", key.sourceType()).addValue("resource", s.resourceId())
                    .addValue("ledger", ledgerId).addValue("area", s.areaId()).addValue("name", name).addValue("owner", s.ownerId())
                    .addValue("ownerName", cut(s.ownerName())).addValue("bytes", bytes).addValue("at", now);
            if (before == null) {
                jdbc.update("insert into storage_measurement (source_type, resource_id, ledger_id, area_id, name, owner_id, owner_name, bytes, "
                        + "measured_at, held_bytes, held_since) values (:type, :resource, :ledger, :area, :name, :owner, :ownerName, :bytes, "
                        + ":at, :bytes, :at)", row);
                open(s, ledgerId, name, bytes, at);
                changes.opened++;
            } else if (resized(before.heldBytes(), bytes) || open.getOrDefault(ledgerId, 0L) != 1 || !before.areaId().equals(s.areaId())) {
                jdbc.update("update storage_measurement set area_id = :area, name = :name, owner_id = :owner, owner_name = :ownerName, "
                        + "bytes = :bytes, measured_at = :at, held_bytes = :bytes, held_since = :at where source_type = :type "
                        + "and resource_id = :resource", row);
                open(s, ledgerId, name, bytes, at); // closes the interval of the old size at the same time
                changes.resized++;
            } else {
                jdbc.update("update storage_measurement set name = :name, owner_id = :owner, owner_name = :ownerName, bytes = :bytes, "
                        + "measured_at = :at where source_type = :type and resource_id = :resource", row);
            }
        }
        for (Row gone : existing.values()) {
            if (!answered.contains(gone.kind())) {
                continue; // its module did not answer: nothing of its kinds changes
            }
            usage.close(gone.kind().sourceType(), gone.ledgerId(), at, "no longer stored");
            jdbc.update("delete from storage_measurement where source_type = :type and resource_id = :resource",
                    new MapSqlParameterSource("type", gone.kind().sourceType()).addValue("resource", gone.resourceId()));
            byArea.computeIfAbsent(gone.areaId(), a -> new Changes()).closed++;
        }
        jdbc.update("update storage_measurement_state set measured_at = :at where id = 1", new MapSqlParameterSource("at", now));

        int opened = 0;
        int resized = 0;
        int closed = 0;
        Trace trace = Trace.capture(clock);
        for (Map.Entry<UUID, Changes> e : byArea.entrySet()) {
            Changes c = e.getValue();
            opened += c.opened;
            resized += c.resized;
            closed += c.closed;
            if (c.any()) {
                events.publishEvent(new StorageMeasured(e.getKey(), at, c.opened, c.resized, c.closed, c.bytes, trace));
            }
        }
        return new Run(at, measured, opened, resized, closed, List.copyOf(failed));
    }

    private void open(StoredData.Stored s, UUID ledgerId, String name, long bytes, Instant at) {
        usage.open(new UsageStart(s.areaId(), s.kind().sourceType(), ledgerId, name, s.ownerId(), cut(s.ownerName()),
                "Storage · " + s.kind().label(), new ResourceShape(0, 0, null, 0, 0), at, Held.of(Sku.STORAGE_GIB_MONTH, gib(bytes)))
                .ofModel(s.modelId(), s.modelName()));
    }

    /**
     * The latest measurement of every resource that stores data for the area, largest first: for its managers
     * and administrators; everybody else is told the area is not found.
     */
    @org.springframework.transaction.annotation.Transactional(readOnly = true)
    public Page<StorageMeasurement> latest(UUID areaId, Pageable pageable) {
        if (areaId == null) {
            throw new InvalidRequestException("area", "Give the area whose storage to read");
        }
        SignedInUser user = CurrentUser.require();
        if (!access.canRead(areaId) || !(user.isAdmin() || access.canManage(areaId))) {
            throw NotFoundException.denied("area", areaId);
        }
        MapSqlParameterSource params = new MapSqlParameterSource("area", areaId);
        Long total = jdbc.queryForObject("select count(*) from storage_measurement where area_id = :area", params, Long.class);
        params.addValue("limit", pageable.getPageSize()).addValue("offset", pageable.getOffset());
        List<StorageMeasurement> content = jdbc.query("select * from storage_measurement where area_id = :area "
                + "order by bytes desc, name, resource_id limit :limit offset :offset", params, (rs, i) -> {
                    long bytes = rs.getLong("bytes");
                    return new StorageMeasurement(rs.getObject("area_id", UUID.class), StorageKind.ofSource(rs.getString("source_type")),
                            rs.getObject("resource_id", UUID.class), rs.getObject("ledger_id", UUID.class), rs.getString("name"),
                            rs.getObject("owner_id", UUID.class), rs.getString("owner_name"), bytes, gib(bytes),
                            rs.getTimestamp("measured_at").toInstant(), gib(rs.getLong("held_bytes")), rs.getTimestamp("held_since").toInstant());
                });
        return new PageImpl<>(content, pageable, total == null ? 0 : total);
    }

    private static String cut(String s) {
        return s == null || s.length() <= 200 ? s : s.substring(0, 200);
    }
}
