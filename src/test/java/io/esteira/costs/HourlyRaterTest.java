package io.esteira.costs;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The rating function without a database: exact quantities, splits at hours, prices by version and area, exact rollups. */
class HourlyRaterTest {

    static final UUID AREA = UUID.randomUUID();
    static final UUID OTHER_AREA = UUID.randomUUID();
    static final Instant Y2000 = Instant.parse("2000-01-01T00:00:00Z");
    static final Instant T10 = Instant.parse("2026-03-10T10:00:00Z");

    static Price price(String sku, UUID area, String unitPrice, Instant from) {
        return new Price(UUID.randomUUID(), sku, area, "EUR", Sku.unit(sku).orElseThrow(), new BigDecimal(unitPrice), from, "test", from);
    }

    static final List<Price> DEFAULTS = List.of(price(Sku.VCPU_HOUR, null, "0.04", Y2000), price(Sku.MEMORY_GIB_HOUR, null, "0.005", Y2000),
            price(Sku.DISK_GIB_MONTH, null, "0.1", Y2000), price(Sku.QUERY_SLOT_HOUR, null, "0.12", Y2000),
            price(Sku.gpuHour("nvidia-t4"), null, "0.45", Y2000), price(Sku.PREDICTIONS_1000, null, "0.02", Y2000),
            price(Sku.REPLICA_HOUR, null, "0.08", Y2000));
    static final Function<UUID, String> EUR = a -> "EUR";

    static HourlyRater.Interval run(UUID area, UUID id, Instant start, Instant end, Map<String, BigDecimal> held) {
        return new HourlyRater.Interval(area, ResourceKind.SCHEDULE_RUN, id, "nightly", UUID.randomUUID(), "Dana", start, end, held);
    }

    static List<HourlyRater.Line> rate(List<Price> prices, List<HourlyRater.Interval> intervals, Instant from, Instant to) {
        return HourlyRater.rate(intervals, List.of(), new PriceBook(prices), EUR, from, to, Instant.parse("2030-01-01T00:00:00Z")).lines();
    }

    @Test
    void a_90_second_run_costs_exactly_90_seconds_of_its_price() {
        List<HourlyRater.Line> lines = rate(DEFAULTS, List.of(run(AREA, UUID.randomUUID(), T10.plusSeconds(600), T10.plusSeconds(690),
                Held.querySlot())), T10, T10.plus(Duration.ofHours(1)));
        assertThat(lines).hasSize(1);
        HourlyRater.Line line = lines.getFirst();
        assertThat(line.quantity()).isEqualByComparingTo("0.025");
        assertThat(line.amount()).isEqualTo(new BigDecimal("0.0030000000")); // 0.025 h × 0.12
        assertThat(line.unit()).isEqualTo("slot-hour");
        assertThat(line.hourStart()).isEqualTo(T10);
    }

    @Test
    void an_interval_across_hours_is_split_exactly_at_the_boundaries() {
        Instant start = T10.plus(Duration.ofMinutes(30));
        Instant end = T10.plus(Duration.ofMinutes(135)); // 12:15
        List<HourlyRater.Line> lines = rate(DEFAULTS, List.of(new HourlyRater.Interval(AREA, ResourceKind.WORKSPACE, UUID.randomUUID(), "ws",
                null, null, start, end, Held.compute(new ResourceShape(2, 8, null, 0, 20)))), T10, T10.plus(Duration.ofHours(3)));
        Map<Instant, BigDecimal> vcpu = lines.stream().filter(l -> l.sku().equals(Sku.VCPU_HOUR))
                .collect(Collectors.toMap(HourlyRater.Line::hourStart, HourlyRater.Line::quantity, (a, b) -> a, TreeMap::new));
        assertThat(vcpu.values()).usingElementComparator(BigDecimal::compareTo)
                .containsExactly(new BigDecimal("1"), new BigDecimal("2"), new BigDecimal("0.5"));
        BigDecimal total = lines.stream().map(HourlyRater.Line::amount).reduce(BigDecimal.ZERO, BigDecimal::add);
        // 1.75 h × (2 × 0.04 + 8 × 0.005) = 1.75 × 0.12
        assertThat(total).isEqualByComparingTo("0.21");
    }

    @Test
    void several_intervals_of_one_resource_in_an_hour_make_one_line_and_disks_are_rated_per_month() {
        UUID ws = UUID.randomUUID();
        Map<String, BigDecimal> disk = Held.disk(73);
        List<HourlyRater.Line> lines = rate(DEFAULTS, List.of(
                new HourlyRater.Interval(AREA, ResourceKind.WORKSPACE_DISK, ws, "ws", null, null, T10, T10.plusSeconds(1800), disk),
                new HourlyRater.Interval(AREA, ResourceKind.WORKSPACE_DISK, ws, "ws", null, null, T10.plusSeconds(2700), null, disk)),
                T10, T10.plus(Duration.ofHours(1)));
        assertThat(lines).hasSize(1);
        // 73 GiB for 45 minutes = 73 × 0.75 / 730 GiB-months = 0.075
        assertThat(lines.getFirst().quantity()).isEqualByComparingTo("0.075");
        assertThat(lines.getFirst().amount()).isEqualByComparingTo("0.0075");
    }

    @Test
    void a_new_price_applies_from_its_hour_and_an_area_price_replaces_the_default_for_that_sku_only() {
        List<Price> prices = new ArrayList<>(DEFAULTS);
        Price later = price(Sku.QUERY_SLOT_HOUR, null, "0.50", T10.plus(Duration.ofHours(1)));
        Price own = price(Sku.VCPU_HOUR, AREA, "0.03", Y2000);
        prices.add(later);
        prices.add(own);
        HourlyRater.Interval slot = run(AREA, UUID.randomUUID(), T10, T10.plus(Duration.ofHours(2)), Held.querySlot());
        HourlyRater.Interval ws = new HourlyRater.Interval(AREA, ResourceKind.WORKSPACE, UUID.randomUUID(), "ws", null, null, T10,
                T10.plusSeconds(3600), Held.compute(new ResourceShape(1, 2, null, 0, 0)));
        HourlyRater.Interval elsewhere = new HourlyRater.Interval(OTHER_AREA, ResourceKind.WORKSPACE, UUID.randomUUID(), "ws", null, null,
                T10, T10.plusSeconds(3600), Held.compute(new ResourceShape(1, 2, null, 0, 0)));
        List<HourlyRater.Line> lines = rate(prices, List.of(slot, ws, elsewhere), T10, T10.plus(Duration.ofHours(2)));
        assertThat(lines.stream().filter(l -> l.sku().equals(Sku.QUERY_SLOT_HOUR)).map(HourlyRater.Line::unitPrice).toList())
                .usingElementComparator(BigDecimal::compareTo).containsExactly(new BigDecimal("0.12"), new BigDecimal("0.50"));
        assertThat(lines.stream().filter(l -> l.sku().equals(Sku.QUERY_SLOT_HOUR)).toList().getLast().rateId()).isEqualTo(later.rateId());
        HourlyRater.Line mine = lines.stream().filter(l -> l.areaId().equals(AREA) && l.sku().equals(Sku.VCPU_HOUR)).findFirst().orElseThrow();
        assertThat(mine.rateId()).isEqualTo(own.rateId());
        assertThat(mine.amount()).isEqualByComparingTo("0.03");
        HourlyRater.Line theirs = lines.stream().filter(l -> l.areaId().equals(OTHER_AREA) && l.sku().equals(Sku.VCPU_HOUR)).findFirst()
                .orElseThrow();
        assertThat(theirs.amount()).isEqualByComparingTo("0.04");
        assertThat(lines.stream().filter(l -> l.sku().equals(Sku.MEMORY_GIB_HOUR)).map(HourlyRater.Line::amount).toList())
                .usingElementComparator(BigDecimal::compareTo).containsOnly(new BigDecimal("0.01"));
    }

    @Test
    void counted_predictions_are_charged_per_thousand_rows_and_unpriced_usage_is_reported() {
        UUID release = UUID.randomUUID();
        HourlyRater.Result result = HourlyRater.rate(List.of(new HourlyRater.Interval(AREA, ResourceKind.WORKSPACE, UUID.randomUUID(), "ws",
                        null, null, T10, T10.plusSeconds(60), Held.compute(new ResourceShape(1, 1, "nvidia-a100", 1, 0)))),
                List.of(new CountedUsage.Count(AREA, ResourceKind.PREDICTIONS, release, "fraud v1", null, null, T10, Sku.PREDICTIONS_1000, 1500),
                        new CountedUsage.Count(AREA, ResourceKind.PREDICTIONS, release, "fraud v1", null, null, T10, Sku.PREDICTIONS_1000, 250)),
                new PriceBook(DEFAULTS), EUR, T10, T10.plus(Duration.ofHours(1)), T10.plus(Duration.ofHours(2)));
        HourlyRater.Line predictions = result.lines().stream().filter(l -> l.kind() == ResourceKind.PREDICTIONS).findFirst().orElseThrow();
        assertThat(predictions.quantity()).isEqualByComparingTo("1.75");
        assertThat(predictions.amount()).isEqualByComparingTo("0.035");
        assertThat(result.unpriced()).singleElement().asString().startsWith("GPU_HOUR:nvidia-a100 in EUR");
    }

    @Test
    void an_open_interval_is_rated_up_to_now_and_the_estimate_of_an_hour_equals_a_full_hour_of_the_ledger() {
        Instant now = T10.plusSeconds(1234);
        Map<String, BigDecimal> held = Held.computeAndDisk(new ResourceShape(4, 16, "nvidia-t4", 1, 50));
        List<HourlyRater.Line> partial = HourlyRater.rate(List.of(new HourlyRater.Interval(AREA, ResourceKind.WORKSPACE, UUID.randomUUID(), "ws",
                null, null, T10.minusSeconds(7200), null, held)), List.of(), new PriceBook(DEFAULTS), EUR, T10,
                T10.plus(Duration.ofHours(1)), now).lines();
        assertThat(partial).allSatisfy(l -> assertThat(l.hourStart()).isEqualTo(T10));
        assertThat(partial.stream().filter(l -> l.sku().equals(Sku.VCPU_HOUR)).findFirst().orElseThrow().quantity())
                .isEqualByComparingTo(new BigDecimal(4 * 1234).divide(new BigDecimal(3600), 10, java.math.RoundingMode.HALF_EVEN));

        List<HourlyRater.Line> full = rate(DEFAULTS, List.of(new HourlyRater.Interval(AREA, ResourceKind.WORKSPACE, UUID.randomUUID(), "ws",
                null, null, T10, T10.plus(Duration.ofHours(1)), held)), T10, T10.plus(Duration.ofHours(1)));
        BigDecimal billed = full.stream().map(HourlyRater.Line::amount).reduce(BigDecimal.ZERO, BigDecimal::add);
        BigDecimal estimated = BigDecimal.ZERO;
        PriceBook book = new PriceBook(DEFAULTS);
        for (Map.Entry<String, BigDecimal> e : held.entrySet()) { // what CostEstimates.hourly does for each SKU
            estimated = estimated.add(Rating.amount(Rating.quantity(e.getKey(), e.getValue(), 3_600_000L),
                    book.at(e.getKey(), AREA, "EUR", T10).orElseThrow().unitPrice()));
        }
        assertThat(estimated).isEqualTo(billed.setScale(Rating.SCALE));
    }

    /** Many random intervals over two months: the hourly lines summed per day and per month give the same totals, exactly. */
    @Test
    void hourly_lines_equal_daily_and_monthly_rollups_exactly_and_rating_twice_gives_identical_lines() {
        Random random = new Random(16);
        Instant from = Instant.parse("2026-01-01T00:00:00Z");
        Instant to = Instant.parse("2026-03-01T00:00:00Z");
        long span = Duration.between(from, to).toSeconds();
        List<Price> prices = new ArrayList<>(DEFAULTS);
        prices.add(price(Sku.VCPU_HOUR, null, "0.0412345678", Instant.parse("2026-01-20T07:00:00Z")));
        prices.add(price(Sku.DISK_GIB_MONTH, AREA, "0.0999999999", Instant.parse("2026-02-03T00:00:00Z")));
        List<HourlyRater.Interval> intervals = new ArrayList<>();
        for (int i = 0; i < 400; i++) {
            Instant start = from.minusSeconds(86_400).plusMillis((long) (random.nextDouble() * (span + 86_400) * 1000));
            Instant end = random.nextInt(10) == 0 ? null : start.plusMillis(random.nextInt(3 * 86_400_000));
            Map<String, BigDecimal> held = switch (random.nextInt(4)) {
                case 0 -> Held.querySlot();
                case 1 -> Held.disk(1 + random.nextInt(500));
                case 2 -> Held.compute(new ResourceShape(1 + random.nextInt(16), 1 + random.nextInt(64), random.nextBoolean() ? "nvidia-t4" : null,
                        random.nextInt(2), 0));
                default -> Held.of(Sku.REPLICA_HOUR, new BigDecimal(random.nextInt(20) + 1));
            };
            intervals.add(new HourlyRater.Interval(random.nextBoolean() ? AREA : OTHER_AREA, ResourceKind.values()[random.nextInt(5)],
                    UUID.randomUUID(), "r" + i, null, "p" + random.nextInt(7), start, end, held));
        }
        List<HourlyRater.Line> lines = HourlyRater.rate(intervals, List.of(), new PriceBook(prices), EUR, from, to, to).lines();
        assertThat(lines).hasSizeGreaterThan(5000);
        assertThat(lines).allSatisfy(l -> {
            assertThat(l.amount().scale()).isEqualTo(Rating.SCALE);
            assertThat(l.hourStart()).isBetween(from, to.minusSeconds(3600));
            assertThat(l.amount()).isEqualTo(Rating.amount(l.quantity(), l.unitPrice()));
        });

        Map<LocalDate, BigDecimal> daily = lines.stream().collect(Collectors.groupingBy(l -> l.hourStart().atZone(ZoneOffset.UTC).toLocalDate(),
                TreeMap::new, Collectors.reducing(BigDecimal.ZERO, HourlyRater.Line::amount, BigDecimal::add)));
        Map<LocalDate, BigDecimal> monthlyFromDays = daily.entrySet().stream().collect(Collectors.groupingBy(e -> e.getKey().withDayOfMonth(1),
                TreeMap::new, Collectors.reducing(BigDecimal.ZERO, Map.Entry::getValue, BigDecimal::add)));
        Map<LocalDate, BigDecimal> monthlyFromHours = lines.stream().collect(Collectors.groupingBy(
                l -> l.hourStart().atZone(ZoneOffset.UTC).toLocalDate().withDayOfMonth(1), TreeMap::new,
                Collectors.reducing(BigDecimal.ZERO, HourlyRater.Line::amount, BigDecimal::add)));
        assertThat(monthlyFromDays).isEqualTo(monthlyFromHours);
        BigDecimal hourlyTotal = lines.stream().map(HourlyRater.Line::amount).reduce(BigDecimal.ZERO, BigDecimal::add);
        assertThat(daily.values().stream().reduce(BigDecimal.ZERO, BigDecimal::add)).isEqualTo(hourlyTotal);
        assertThat(monthlyFromHours.values().stream().reduce(BigDecimal.ZERO, BigDecimal::add)).isEqualTo(hourlyTotal);

        // per area, person and kind as well
        Map<String, BigDecimal> byPersonHourly = lines.stream().collect(Collectors.groupingBy(l -> l.areaId() + l.personName(),
                Collectors.reducing(BigDecimal.ZERO, HourlyRater.Line::amount, BigDecimal::add)));
        assertThat(byPersonHourly.values().stream().reduce(BigDecimal.ZERO, BigDecimal::add)).isEqualTo(hourlyTotal);

        // rating month by month, or again, gives the same lines
        List<HourlyRater.Line> january = HourlyRater.rate(intervals, List.of(), new PriceBook(prices), EUR, from,
                Instant.parse("2026-02-01T00:00:00Z"), to).lines();
        List<HourlyRater.Line> february = HourlyRater.rate(intervals, List.of(), new PriceBook(prices), EUR,
                Instant.parse("2026-02-01T00:00:00Z"), to, to).lines();
        List<HourlyRater.Line> again = new ArrayList<>(january);
        again.addAll(february);
        assertThat(again).isEqualTo(lines);
        assertThat(HourlyRater.rate(intervals, List.of(), new PriceBook(prices), EUR, from, to, to).lines()).isEqualTo(lines);
    }

    @Test
    void lines_come_in_ledger_order_with_resources_ordered_as_their_ids_text() {
        Random random = new Random(7);
        List<HourlyRater.Line> lines = new ArrayList<>();
        for (int i = 0; i < 2_000; i++) {
            UUID resource = i % 3 == 0 ? new UUID(random.nextLong() | Long.MIN_VALUE, random.nextLong()) : new UUID(random.nextLong(),
                    random.nextLong() & Long.MAX_VALUE);
            lines.add(new HourlyRater.Line(AREA, T10.plus(Duration.ofHours(random.nextInt(3))), ResourceKind.values()[random.nextInt(3)],
                    resource, "r", null, null, random.nextBoolean() ? Sku.VCPU_HOUR : Sku.MEMORY_GIB_HOUR, null, BigDecimal.ONE, "h",
                    BigDecimal.ONE, BigDecimal.ONE, "EUR", null, null, null));
        }
        List<HourlyRater.Line> byText = new ArrayList<>(lines);
        byText.sort(java.util.Comparator.comparing(HourlyRater.Line::hourStart).thenComparing(HourlyRater.Line::kind)
                .thenComparing(l -> l.resourceId().toString()).thenComparing(HourlyRater.Line::sku));
        lines.sort(HourlyRater.LEDGER_ORDER);
        assertThat(lines).containsExactlyElementsOf(byText);
    }
}
