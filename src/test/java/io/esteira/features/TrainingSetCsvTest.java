package io.esteira.features;

import static org.assertj.core.api.Assertions.assertThat;

import io.esteira.features.ColumnInfo.Kind;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Types;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** A training set is a download opened in spreadsheets: values a spreadsheet would run as formulas come out as text. */
class TrainingSetCsvTest {

    @Test
    void feature_values_and_keys_that_look_like_formulas_are_turned_into_text_and_numbers_stay_numbers() throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:h2:mem:pit-" + UUID.randomUUID(), "sa", "")) {
            c.createStatement().execute("create table t (k varchar(40), ts timestamp with time zone, note varchar(200), amount decimal(10,2))");
            c.createStatement().execute("insert into t values ('=cmd|calc', timestamp with time zone '2026-01-01 00:00:00+00', "
                    + "'=HYPERLINK(\"http://evil.example\",\"x\")', -12.50)");
            c.createStatement().execute("insert into t values ('c2', timestamp with time zone '2026-01-01 00:00:00+00', '@SUM(A1)', 3)");
            c.createStatement().execute("insert into t values ('c3', timestamp with time zone '2026-01-01 00:00:00+00', '+1+1', 4)");
            c.createStatement().execute("insert into t values ('c4', timestamp with time zone '2026-01-01 00:00:00+00', '-2+3', 5)");
            Map<String, ColumnInfo> columns = Map.of(
                    "K", new ColumnInfo("K", "varchar", Types.VARCHAR, Kind.TEXT),
                    "TS", new ColumnInfo("TS", "timestamp with time zone", Types.TIMESTAMP_WITH_TIMEZONE, Kind.TIME),
                    "NOTE", new ColumnInfo("NOTE", "varchar", Types.VARCHAR, Kind.TEXT),
                    "AMOUNT", new ColumnInfo("AMOUNT", "decimal", Types.DECIMAL, Kind.NUMBER));
            PointInTimeJoin.Request request = PointInTimeJoin.parse("""
                    K,timestamp
                    =cmd|calc,2026-02-01T00:00:00Z
                    c2,2026-02-01T00:00:00Z
                    c3,2026-02-01T00:00:00Z
                    c4,2026-02-01T00:00:00Z
                    """, List.of("K"));

            String csv = PointInTimeJoin.join(c, "select * from t", List.of("K"), columns, "TS", List.of("NOTE", "AMOUNT"), request);

            List<String> lines = csv.lines().toList();
            assertThat(lines.get(1)).startsWith("\"'=cmd|calc\",").contains("\"'=HYPERLINK(\"\"http://evil.example\"\",\"\"x\"\")\"")
                    .endsWith(",-12.50");
            assertThat(lines.get(2)).contains(",\"'@SUM(A1)\",");
            assertThat(lines.get(3)).contains(",\"'+1+1\",");
            assertThat(lines.get(4)).contains(",\"'-2+3\",");
            for (String line : lines.subList(1, lines.size())) {
                for (String cell : line.split(",(?=(?:[^\"]*\"[^\"]*\")*[^\"]*$)")) {
                    String text = cell.startsWith("\"") ? cell.substring(1) : cell;
                    assertThat(text).as(line).doesNotStartWith("=").doesNotStartWith("@").doesNotStartWith("+");
                }
            }
        }
    }
}
