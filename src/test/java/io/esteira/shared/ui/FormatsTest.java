package io.esteira.shared.ui;

import static org.assertj.core.api.Assertions.assertThat;

import io.esteira.shared.Formats;
import io.esteira.shared.Money;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Currency;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Every screen, message and export writes dates, numbers, money and people the same way: what a person reads. */
class FormatsTest {

    private static final Instant AT = Instant.parse("2026-12-07T14:05:09.123456789Z");
    private static final Currency EUR = Currency.getInstance("EUR");

    @Test
    void a_moment_reads_to_the_minute_with_its_zone() {
        assertThat(Formats.dateTime(AT)).isEqualTo("7 Dec 2026, 14:05 UTC");
        assertThat(Formats.dateTime(AT, ZoneOffset.UTC)).isEqualTo("7 Dec 2026, 14:05 UTC");
        assertThat(Formats.dateTime(AT, ZoneId.of("Etc/UTC"))).isEqualTo("7 Dec 2026, 14:05 UTC");
        assertThat(Formats.dateTime(AT, ZoneId.of("Europe/Berlin"))).isEqualTo("7 Dec 2026, 15:05 CET");
        assertThat(Formats.dateTime(Instant.parse("2026-07-07T14:05:00Z"), ZoneId.of("Europe/Lisbon"))).isEqualTo("7 Jul 2026, 15:05 WEST");
        assertThat(Formats.dateTime(null)).isEqualTo("—");
        assertThat(Formats.dateTime(null, ZoneId.of("Europe/Berlin"))).isEqualTo("—");
    }

    @Test
    void seconds_only_where_they_matter_and_never_fractions() {
        assertThat(Formats.dateTimeWithSeconds(AT)).isEqualTo("7 Dec 2026, 14:05:09 UTC");
        assertThat(Formats.dateTimeWithSeconds(AT, ZoneId.of("Europe/Berlin"))).isEqualTo("7 Dec 2026, 15:05:09 CET");
        assertThat(Formats.dateTimeWithSeconds(null)).isEqualTo("—");
    }

    @Test
    void a_schedule_says_the_day_of_the_week() {
        assertThat(Formats.weekdayDateTime(AT, ZoneOffset.UTC)).isEqualTo("Mon 7 Dec 2026, 14:05 UTC");
        assertThat(Formats.weekdayDateTime(null, ZoneOffset.UTC)).isEqualTo("—");
    }

    @Test
    void days_and_months() {
        assertThat(Formats.date(AT)).isEqualTo("7 Dec 2026");
        assertThat(Formats.date(Instant.parse("2026-12-07T23:59:59Z"))).as("the UTC day").isEqualTo("7 Dec 2026");
        assertThat(Formats.date(LocalDate.of(2026, 1, 31))).isEqualTo("31 Jan 2026");
        assertThat(Formats.date((Instant) null)).isEqualTo("—");
        assertThat(Formats.date((LocalDate) null)).isEqualTo("—");
        assertThat(Formats.dayMonth(LocalDate.of(2026, 12, 7))).isEqualTo("7 Dec");
        assertThat(Formats.dayMonth(AT)).isEqualTo("7 Dec");
        assertThat(Formats.dayMonth((LocalDate) null)).isEqualTo("—");
        assertThat(Formats.time(AT)).isEqualTo("14:05");
        assertThat(Formats.time(null)).isEqualTo("—");
        assertThat(Formats.month(YearMonth.of(2026, 12))).isEqualTo("December 2026");
        assertThat(Formats.month(null)).isEqualTo("—");
        assertThat(Formats.shortMonth(YearMonth.of(2026, 12))).isEqualTo("Dec 2026");
        assertThat(Formats.shortMonth(null)).isEqualTo("—");
    }

    @Test
    void csv_files_get_iso_instants_to_the_second() {
        assertThat(Formats.iso(AT)).isEqualTo("2026-12-07T14:05:09Z");
        assertThat(Formats.iso(Instant.parse("2026-12-07T14:00:00Z"))).isEqualTo("2026-12-07T14:00:00Z");
        assertThat(Formats.iso(null)).isEmpty();
    }

    @Test
    void no_output_ever_has_fractions_of_a_second() {
        Instant nanos = Instant.parse("2026-12-07T14:05:09.999999999Z");
        List<String> all = List.of(Formats.dateTime(nanos), Formats.dateTime(nanos, ZoneId.of("Asia/Kolkata")),
                Formats.dateTimeWithSeconds(nanos), Formats.dateTimeWithSeconds(nanos, ZoneId.of("America/Sao_Paulo")),
                Formats.weekdayDateTime(nanos, ZoneOffset.UTC), Formats.date(nanos), Formats.dayMonth(nanos), Formats.time(nanos),
                Formats.iso(nanos));
        assertThat(all).allSatisfy(s -> assertThat(s).doesNotContainPattern("\\d{2}:\\d{2}:\\d{2}[.,]\\d").doesNotContain("999"));
        assertThat(Formats.dateTimeWithSeconds(nanos)).as("truncated, not rounded up").isEqualTo("7 Dec 2026, 14:05:09 UTC");
    }

    @Test
    void counts_have_thousands_separators() {
        assertThat(Formats.count(0)).isEqualTo("0");
        assertThat(Formats.count(1_234_567)).isEqualTo("1,234,567");
        assertThat(Formats.count(-1_234)).isEqualTo("-1,234");
        assertThat(Formats.count(Long.MAX_VALUE)).isEqualTo("9,223,372,036,854,775,807");
        assertThat(Formats.count((Long) null)).isEqualTo("—");
        assertThat(Formats.count(Long.valueOf(12_345))).isEqualTo("12,345");
    }

    @Test
    void decimals_fixed_or_at_most() {
        assertThat(Formats.decimal(1234.5678, 2)).isEqualTo("1,234.57");
        assertThat(Formats.decimal(0, 3)).isEqualTo("0.000");
        assertThat(Formats.decimal(0.87, 3)).isEqualTo("0.870");
        assertThat(Formats.decimal(1e12, 0)).isEqualTo("1,000,000,000,000");
        assertThat(Formats.decimal((Double) null, 2)).isEqualTo("—");
        assertThat(Formats.number(1234.5, 3)).isEqualTo("1,234.5");
        assertThat(Formats.number(0.87, 4)).isEqualTo("0.87");
        assertThat(Formats.number(0, 4)).isEqualTo("0");
        assertThat(Formats.number(2.25, 1)).as("half up").isEqualTo("2.3");
        assertThat(Formats.number((Double) null, 2)).isEqualTo("—");
    }

    @Test
    void percentages_of_a_share() {
        assertThat(Formats.percent(0.425)).isEqualTo("42.5%");
        assertThat(Formats.percent(1.0)).isEqualTo("100%");
        assertThat(Formats.percent(0.0)).isEqualTo("0%");
        assertThat(Formats.percent(12.5)).isEqualTo("1,250%");
        assertThat(Formats.percent(0.00012, 3)).isEqualTo("0.012%");
        assertThat(Formats.percent(0.4249, 0)).isEqualTo("42%");
        assertThat(Formats.percent(null)).isEqualTo("—");
    }

    @Test
    void durations_in_words() {
        assertThat(Formats.duration(Duration.ZERO)).isEqualTo("0 ms");
        assertThat(Formats.duration(Duration.ofMillis(737))).isEqualTo("737 ms");
        assertThat(Formats.duration(Duration.ofSeconds(48))).isEqualTo("48 s");
        assertThat(Formats.duration(Duration.ofSeconds(125))).isEqualTo("2 min 5 s");
        assertThat(Formats.duration(Duration.ofMinutes(12))).isEqualTo("12 min");
        assertThat(Formats.duration(Duration.ofMinutes(185))).isEqualTo("3 h 5 min");
        assertThat(Formats.duration(Duration.ofHours(51))).isEqualTo("2 d 3 h");
        assertThat(Formats.duration(Duration.ofDays(400))).isEqualTo("400 d");
        assertThat(Formats.duration(Duration.ofSeconds(-5))).isEqualTo("0 ms");
        assertThat(Formats.duration(null)).isEqualTo("—");
    }

    @Test
    void money_in_cents_and_a_small_cost_never_reads_as_nothing() {
        assertThat(Formats.money(new BigDecimal("460.6712345678"), EUR)).isEqualTo("€460.67");
        assertThat(Formats.money(new BigDecimal("1234567.891"), EUR)).isEqualTo("€1,234,567.89");
        assertThat(Formats.money(new BigDecimal("-1234.5"), EUR)).isEqualTo("-€1,234.50");
        assertThat(Formats.money(new BigDecimal("0.0200000000"), EUR)).isEqualTo("€0.02");
        assertThat(Formats.money(new BigDecimal("0.0041670000"), EUR)).isEqualTo("€0.0042");
        assertThat(Formats.money(new BigDecimal("0.0000205667"), EUR)).isEqualTo("under €0.0001");
        assertThat(Formats.money(BigDecimal.ZERO.setScale(10), EUR)).isEqualTo("€0.00");
        assertThat(Formats.money(null, EUR)).isEqualTo("—");
        assertThat(Formats.money(Money.of("1234.5", "EUR"))).isEqualTo("€1,234.50");
        assertThat(Formats.money(Money.of("1000", "JPY"))).as("a currency without cents").isEqualTo("JP¥1,000");
        assertThat(Formats.money(null)).isEqualTo("—");
        assertThat(Formats.amount(new BigDecimal("1234.5"))).isEqualTo("1,234.50");
        assertThat(Formats.amount(BigDecimal.ZERO)).isEqualTo("0.00");
        assertThat(Formats.amount(null)).isEqualTo("—");
    }

    @Test
    void a_person_by_display_name_with_the_user_name_on_hover() {
        assertThat(Formats.person("Ana Souza", "ds.credit")).isEqualTo("Ana Souza");
        assertThat(Formats.person(" ", "ds.credit")).isEqualTo("ds.credit");
        assertThat(Formats.person(null, null)).isEqualTo("—");
        var name = PersonName.of("Ana Souza", "ds.credit");
        assertThat(name.getText()).isEqualTo("Ana Souza");
        assertThat(name.getElement().getAttribute("title")).isEqualTo("ds.credit");
        assertThat(PersonName.of(null, null).getElement().hasAttribute("title")).isFalse();
    }
}
