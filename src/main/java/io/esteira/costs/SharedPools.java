package io.esteira.costs;

import io.esteira.areas.AreaAccess;
import io.esteira.costs.CloseEvents.PoolsSet;
import io.esteira.shared.InvalidRequestException;
import io.esteira.shared.Trace;
import io.esteira.shared.security.CurrentUser;
import java.math.BigDecimal;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Currency;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Shared pools: platform overhead (the portal, its database, the cluster's unallocated capacity) that
 * administrators price per month and that the monthly close distributes over the areas by the pool's
 * rule. The pools of a closed month never change.
 */
@Service
@Transactional(readOnly = true)
@PreAuthorize("hasRole('ADMIN')")
public class SharedPools {

    private final NamedParameterJdbcTemplate jdbc;
    private final ApplicationEventPublisher events;
    private final AreaAccess access;
    private final Clock clock;

    SharedPools(NamedParameterJdbcTemplate jdbc, ApplicationEventPublisher events, AreaAccess access, Clock clock) {
        this.jdbc = jdbc;
        this.events = events;
        this.access = access;
        this.clock = clock;
    }

    /** {@code yyyy-MM} as a month, or a clear problem on field {@code month}. */
    public static YearMonth month(String month, Clock clock) {
        try {
            return YearMonth.parse(month == null ? "" : month.strip());
        } catch (DateTimeParseException e) {
            throw new InvalidRequestException("month", "Give the month as yyyy-MM, e.g. " + YearMonth.now(clock.withZone(java.time.ZoneOffset.UTC)));
        }
    }

    /** The pools of a month, by name. */
    public List<SharedPool> pools(YearMonth month) {
        return load(month);
    }

    List<SharedPool> load(YearMonth month) {
        Map<UUID, Map<UUID, BigDecimal>> shares = new LinkedHashMap<>();
        jdbc.query("select s.pool_id, s.area_id, s.share_percent from cost_pool_share s join cost_pool p on p.id = s.pool_id "
                + "where p.month_start = :month order by s.area_id", new MapSqlParameterSource("month", month.atDay(1)),
                rs -> {
                    shares.computeIfAbsent(rs.getObject(1, UUID.class), k -> new LinkedHashMap<>()).put(rs.getObject(2, UUID.class),
                            rs.getBigDecimal(3).stripTrailingZeros());
                });
        return jdbc.query("select * from cost_pool where month_start = :month order by name",
                new MapSqlParameterSource("month", month.atDay(1)), (rs, i) -> {
                    UUID id = rs.getObject("id", UUID.class);
                    return new SharedPool(id, month, rs.getString("name"), rs.getBigDecimal("amount"), rs.getString("currency"),
                            PoolRule.valueOf(rs.getString("distribution")), Map.copyOf(shares.getOrDefault(id, Map.of())),
                            rs.getString("updated_by"), rs.getTimestamp("updated_at").toInstant());
                });
    }

    /**
     * The area's share of the month's pools (its managers and administrators; a member is told they are for managers,
     * anybody else that the area is not found): of a closed month as its statement has them, of the current month
     * what the pools priced so far would give the area if it closed now.
     */
    @PreAuthorize("isAuthenticated()")
    public PoolShares shares(UUID areaId, YearMonth month) {
        CostForecasts.requireManagerOrAdmin(access, areaId);
        if (month == null) {
            throw new InvalidRequestException("month", "Give the month as yyyy-MM");
        }
        if (month.isAfter(YearMonth.now(clock.withZone(java.time.ZoneOffset.UTC)))) {
            throw new InvalidRequestException("month", month + " has not begun");
        }
        record AreaRow(UUID id, String currency, boolean active) {
        }
        List<AreaRow> all = jdbc.getJdbcOperations().query("select id, budget_currency, active from area order by code",
                (rs, i) -> new AreaRow(rs.getObject(1, UUID.class), rs.getString(2), rs.getBoolean(3)));
        String currency = all.stream().filter(a -> a.id().equals(areaId)).map(AreaRow::currency).findFirst().orElseThrow();
        List<SharedPool> pools = load(month);
        MapSqlParameterSource m = new MapSqlParameterSource("month", month.atDay(1)).addValue("area", areaId);
        List<PoolShares.Share> shares = new ArrayList<>();
        if (isClosed(month)) {
            List<String> numbers = jdbc.queryForList("select statement_number from cost_statement where month_start = :month "
                    + "and area_id = :area", m, String.class);
            Map<String, BigDecimal> amounts = new LinkedHashMap<>();
            jdbc.query("select l.description, l.amount from cost_statement_line l join cost_statement s on s.id = l.statement_id "
                    + "where s.month_start = :month and s.area_id = :area and l.section = 'POOL' order by l.line_no", m, rs -> {
                        amounts.put(rs.getString(1), rs.getBigDecimal(2));
                    });
            for (SharedPool p : pools) {
                // the close describes each share as "Shared: <pool> (<amount> <currency>, <how>)"
                String prefix = "Shared: " + p.name() + " (";
                String line = amounts.keySet().stream().filter(d -> d.startsWith(prefix)).findFirst().orElse(null);
                String how = line != null ? line.substring(line.indexOf(", ", prefix.length()) + 2, line.length() - 1)
                        : !p.currency().equals(currency) ? inAnotherCurrency(p)
                        : p.rule() == PoolRule.EVEN ? "shared evenly" : PoolAllocation.how(p.rule(), 0, p.shares().get(areaId));
                shares.add(new PoolShares.Share(p.name(), p.amount(), p.currency(), p.rule(), how,
                        line == null ? BigDecimal.ZERO.setScale(Cents.SCALE) : amounts.get(line)));
            }
            return new PoolShares(areaId, month, true, numbers.isEmpty() ? null : numbers.getFirst(), currency, shares, sum(shares));
        }
        Map<UUID, BigDecimal> direct = new java.util.HashMap<>();
        if (pools.stream().anyMatch(p -> p.rule() == PoolRule.PROPORTIONAL)) {
            // every area's direct cost so far, from the daily rollup (by day, which is indexed)
            jdbc.query("select area_id, sum(amount) from cost_day where day_start >= :month and day_start < :next group by area_id",
                    new MapSqlParameterSource("month", month.atDay(1)).addValue("next", month.plusMonths(1).atDay(1)), rs -> {
                        direct.put(rs.getObject(1, UUID.class), rs.getBigDecimal(2));
                    });
        }
        for (SharedPool p : pools) {
            // the areas that carry a share, as the close finds them
            List<UUID> eligible = all.stream().filter(a -> a.active() && a.currency().equals(p.currency())).map(AreaRow::id).toList();
            PoolAllocation.Result r = PoolAllocation.allocate(p.amount(), p.rule(), eligible, direct, new TreeMap<>(p.shares()));
            BigDecimal share = currency.equals(p.currency()) ? r.shares().getOrDefault(areaId, BigDecimal.ZERO.setScale(Cents.SCALE))
                    : BigDecimal.ZERO.setScale(Cents.SCALE);
            shares.add(new PoolShares.Share(p.name(), p.amount(), p.currency(), p.rule(), currency.equals(p.currency())
                    ? PoolAllocation.how(p.rule(), eligible.size(), p.shares().get(areaId)) : inAnotherCurrency(p), share));
        }
        return new PoolShares(areaId, month, false, null, currency, shares, sum(shares));
    }

    private static String inAnotherCurrency(SharedPool p) {
        return "in " + p.currency() + ": carried by the areas billed in " + p.currency();
    }

    private static BigDecimal sum(List<PoolShares.Share> shares) {
        return shares.stream().map(PoolShares.Share::share).reduce(BigDecimal.ZERO.setScale(Cents.SCALE), BigDecimal::add);
    }

    /**
     * Sets the pools of a month that is not closed, replacing those it had (an empty list removes them).
     * Nothing is stored unless every pool is right.
     */
    @Transactional
    public List<SharedPool> set(YearMonth month, List<PoolDraft> drafts) {
        if (month == null) {
            throw new InvalidRequestException("month", "Give the month as yyyy-MM");
        }
        List<PoolDraft> pools = drafts == null ? List.of() : drafts;
        Map<String, String> problems = new LinkedHashMap<>();
        Set<String> names = new HashSet<>();
        Set<UUID> knownAreas = new HashSet<>(jdbc.getJdbcOperations().query("select id from area", (rs, i) -> rs.getObject(1, UUID.class)));
        for (int i = 0; i < pools.size(); i++) {
            PoolDraft p = pools.get(i);
            String at = "pools[" + i + "].";
            if (p == null) {
                problems.put("pools[" + i + "]", "Give the pool");
                continue;
            }
            if (p.name() == null || p.name().isBlank() || p.name().strip().length() > 120) {
                problems.put(at + "name", "Give the pool a name of at most 120 characters");
            } else if (!names.add(p.name().strip().toLowerCase(Locale.ROOT))) {
                problems.put(at + "name", "Another pool of the month is already called " + p.name().strip());
            }
            if (p.amount() == null || p.amount().signum() < 0) {
                problems.put(at + "amount", "Give the month's amount, zero or more");
            } else if (p.amount().stripTrailingZeros().scale() > Cents.SCALE) {
                problems.put(at + "amount", "Give the amount in whole cents (at most 2 decimals)");
            } else if (p.amount().compareTo(new BigDecimal("1000000000000")) >= 0) {
                problems.put(at + "amount", "The amount is too large");
            }
            try {
                if (p.currency() == null) {
                    throw new IllegalArgumentException();
                }
                Currency.getInstance(p.currency().strip().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                problems.put(at + "currency", "Give an ISO 4217 currency, e.g. EUR");
            }
            PoolRule rule = null;
            try {
                rule = PoolRule.valueOf(p.rule() == null ? "" : p.rule().strip().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                problems.put(at + "rule", "Give the rule: PROPORTIONAL (to the areas' direct cost), EVEN or FIXED (percentages per area)");
            }
            Map<UUID, BigDecimal> shares = p.shares() == null ? Map.of() : p.shares();
            if (rule == PoolRule.FIXED) {
                BigDecimal sum = BigDecimal.ZERO;
                for (Map.Entry<UUID, BigDecimal> s : shares.entrySet()) {
                    if (s.getKey() == null || !knownAreas.contains(s.getKey())) {
                        problems.put(at + "shares", "No area " + s.getKey());
                    } else if (s.getValue() == null || s.getValue().signum() < 0 || s.getValue().compareTo(PoolAllocation.HUNDRED) > 0
                            || s.getValue().stripTrailingZeros().scale() > 4) {
                        problems.put(at + "shares", "Give each area a percentage between 0 and 100 (at most 4 decimals)");
                    } else {
                        sum = sum.add(s.getValue());
                    }
                }
                if (!problems.containsKey(at + "shares") && sum.compareTo(PoolAllocation.HUNDRED) != 0) {
                    problems.put(at + "shares", "The percentages of a FIXED pool sum to exactly 100, not " + sum.stripTrailingZeros()
                            .toPlainString());
                }
            } else if (rule != null && !shares.isEmpty()) {
                problems.put(at + "shares", "Only a FIXED pool has percentages per area");
            }
        }
        if (problems.isEmpty() && isClosed(month)) {
            problems.put("month", month + " is closed: its pools never change");
        }
        if (!problems.isEmpty()) {
            throw new InvalidRequestException(problems.values().iterator().next(), problems);
        }
        MapSqlParameterSource m = new MapSqlParameterSource("month", month.atDay(1));
        jdbc.update("delete from cost_pool_share where pool_id in (select id from cost_pool where month_start = :month)", m);
        jdbc.update("delete from cost_pool where month_start = :month", m);
        String who = CurrentUser.require().username();
        Instant now = clock.instant();
        Map<String, BigDecimal> totals = new TreeMap<>();
        List<String> names2 = new ArrayList<>();
        for (PoolDraft p : pools) {
            UUID id = UUID.randomUUID();
            PoolRule rule = PoolRule.valueOf(p.rule().strip().toUpperCase(Locale.ROOT));
            String currency = p.currency().strip().toUpperCase(Locale.ROOT);
            BigDecimal amount = p.amount().setScale(Cents.SCALE);
            jdbc.update("insert into cost_pool (id, month_start, name, amount, currency, distribution, updated_by, updated_at) values "
                    + "(:id, :month, :name, :amount, :currency, :rule, :by, :at)", new MapSqlParameterSource("id", id)
                    .addValue("month", month.atDay(1)).addValue("name", p.name().strip()).addValue("amount", amount)
                    .addValue("currency", currency).addValue("rule", rule.name()).addValue("by", who)
                    .addValue("at", Timestamp.from(now)));
            if (rule == PoolRule.FIXED) {
                for (Map.Entry<UUID, BigDecimal> s : p.shares().entrySet()) {
                    jdbc.update("insert into cost_pool_share (pool_id, area_id, share_percent) values (:pool, :area, :percent)",
                            new MapSqlParameterSource("pool", id).addValue("area", s.getKey()).addValue("percent", s.getValue()));
                }
            }
            totals.merge(currency, amount, BigDecimal::add);
            names2.add(p.name().strip() + " (" + rule + ")");
        }
        events.publishEvent(new PoolsSet(month, names2, totals, Trace.capture(clock)));
        return load(month);
    }

    /** Whether the month is closed: its statements are issued and its pools never change. */
    public boolean isClosed(YearMonth month) {
        LocalDate start = month.atDay(1);
        Long n = jdbc.queryForObject("select count(*) from cost_month where month_start = :month and closed_at is not null",
                new MapSqlParameterSource("month", start), Long.class);
        return n != null && n > 0;
    }
}
