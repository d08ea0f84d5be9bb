package io.esteira.features;

import static org.assertj.core.api.Assertions.assertThat;

import io.esteira.features.ColumnInfo.Kind;
import java.sql.SQLException;
import java.sql.Types;
import java.util.List;
import java.util.Map;
import java.util.function.IntFunction;
import java.util.stream.Collectors;
import javax.sql.rowset.CachedRowSet;
import javax.sql.rowset.RowSetMetaDataImpl;
import javax.sql.rowset.RowSetProvider;
import org.junit.jupiter.api.Test;

/** What the statistics say is exact, is; what they estimate, they say so. */
class StatisticsCalculatorTest {

    private static final List<ColumnInfo> COLUMNS = List.of(new ColumnInfo("segment", "VARCHAR", Types.VARCHAR, Kind.TEXT),
            new ColumnInfo("active", "BOOLEAN", Types.BOOLEAN, Kind.BOOLEAN), new ColumnInfo("amount", "DOUBLE", Types.DOUBLE, Kind.NUMBER));

    @Test
    void fewValuesAreCountedExactly() throws SQLException {
        // 3 segments in 1:2:3 shares, one null; yes/no spelled as drivers spell it
        Map<String, ColumnStatistics> stats = compute(601, i -> new Object[] {i == 0 ? null : i % 6 == 0 ? "retail" : i % 6 < 3 ? "sme" : "corporate",
                i % 2 == 0 ? "TRUE" : "f", (double) (i % 50)});

        ColumnStatistics segment = stats.get("segment");
        assertThat(segment.distinctExact()).isTrue();
        assertThat(segment.distinct()).isEqualTo(3);
        assertThat(segment.categories().approximate()).isFalse();
        assertThat(segment.categories().others()).isZero();
        assertThat(segment.categories().values()).containsExactly(new ColumnStatistics.ValueCount("corporate", 300),
                new ColumnStatistics.ValueCount("sme", 200), new ColumnStatistics.ValueCount("retail", 100));
        assertThat(stats.get("active").categories().values()).containsExactly(new ColumnStatistics.ValueCount("true", 301),
                new ColumnStatistics.ValueCount("false", 300));

        ColumnStatistics amount = stats.get("amount");
        assertThat(amount.distinctExact()).isTrue();
        assertThat(amount.distinct()).isEqualTo(50);
        assertThat(amount.categories()).isNull();
        assertThat(amount.quantilesExact()).isFalse(); // 601 values: more than the sketch keeps
    }

    @Test
    void manyValuesAreEstimatedAndSaySo() throws SQLException {
        // 5,000 different segments, one of them in half the rows
        int rows = 10_000;
        Map<String, ColumnStatistics> stats = compute(rows, i -> new Object[] {i % 2 == 0 ? "mass-market" : "s" + i, "true", (double) i});

        ColumnStatistics segment = stats.get("segment");
        assertThat(segment.distinctExact()).isFalse();
        assertThat(segment.distinct()).isCloseTo(5_001, org.assertj.core.api.Assertions.withinPercentage(5));
        assertThat(segment.categories().approximate()).isTrue();
        assertThat(segment.categories().values()).hasSizeLessThanOrEqualTo(StatisticsCalculator.TOP_VALUES);
        assertThat(segment.categories().values().getFirst().value()).isEqualTo("mass-market");
        assertThat(segment.categories().values().getFirst().count()).isCloseTo(5_000, org.assertj.core.api.Assertions.withinPercentage(2));
        assertThat(segment.categories().values().stream().mapToLong(ColumnStatistics.ValueCount::count).sum() + segment.categories().others())
                .isEqualTo(rows);
        assertThat(stats.get("amount").distinctExact()).isFalse();
    }

    @Test
    void aSmallNumericColumnHasExactQuantiles() throws SQLException {
        ColumnStatistics amount = compute(101, i -> new Object[] {"x", "true", (double) i}).get("amount");
        assertThat(amount.quantilesExact()).isTrue();
        assertThat(amount.quantiles().get(0.5)).isEqualTo(50.0);
    }

    private static Map<String, ColumnStatistics> compute(int rows, IntFunction<Object[]> row) throws SQLException {
        try (CachedRowSet rs = RowSetProvider.newFactory().createCachedRowSet()) {
            RowSetMetaDataImpl meta = new RowSetMetaDataImpl();
            meta.setColumnCount(COLUMNS.size());
            for (int c = 0; c < COLUMNS.size(); c++) {
                meta.setColumnName(c + 1, COLUMNS.get(c).name());
                meta.setColumnType(c + 1, COLUMNS.get(c).jdbcType() == Types.BOOLEAN ? Types.VARCHAR : COLUMNS.get(c).jdbcType());
            }
            rs.setMetaData(meta);
            for (int i = 0; i < rows; i++) {
                Object[] values = row.apply(i);
                rs.moveToInsertRow();
                for (int c = 0; c < values.length; c++) {
                    if (values[c] == null) {
                        rs.updateNull(c + 1);
                    } else {
                        rs.updateObject(c + 1, values[c]);
                    }
                }
                rs.insertRow();
            }
            rs.moveToCurrentRow();
            rs.beforeFirst();
            return new StatisticsCalculator(COLUMNS).consume(rs, n -> { }).stream()
                    .collect(Collectors.toMap(ColumnStatistics::name, s -> s));
        }
    }
}
