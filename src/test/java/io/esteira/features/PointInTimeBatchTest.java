package io.esteira.features;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The batched point-in-time lookup picks, for every entity row, the row that a query of its own would
 * pick (latest event time at or before the row's time, ties to the highest feature values), across
 * batch boundaries, with a key of two columns, ties, missing features, entities without history and
 * rows before an entity's first event.
 */
class PointInTimeBatchTest {

    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    @Test
    void every_row_gets_what_a_query_of_its_own_would_give() throws Exception {
        Random random = new Random(11);
        try (Connection c = DriverManager.getConnection("jdbc:h2:mem:pit-batch;DB_CLOSE_DELAY=-1")) {
            c.createStatement().execute("create table history (customer_id integer, channel varchar(10), event_time timestamp, "
                    + "score double precision, segment varchar(10))");
            try (PreparedStatement insert = c.prepareStatement("insert into history values (?, ?, ?, ?, ?)")) {
                for (int customer = 0; customer < 400; customer++) {
                    for (String channel : List.of("web", "app")) {
                        int events = random.nextInt(12);
                        for (int e = 0; e < events; e++) {
                            insert.setInt(1, customer);
                            insert.setString(2, channel);
                            // few distinct hours, so that several rows share an entity's event time
                            insert.setTimestamp(3, Timestamp.from(T0.plusSeconds(3600L * random.nextInt(30))));
                            insert.setDouble(4, random.nextInt(5) / 4.0);
                            insert.setString(5, random.nextInt(6) == 0 ? null : "s" + random.nextInt(3));
                            insert.addBatch();
                        }
                    }
                }
                insert.executeBatch();
            }
            String source = "select * from history";
            Map<String, ColumnInfo> columns = new HashMap<>();
            try (ResultSet rs = c.createStatement().executeQuery(source)) {
                SourceExplorer.columns(rs.getMetaData()).forEach(col -> columns.put(col.name(), col));
            }
            List<String> keyColumns = List.of("CUSTOMER_ID", "CHANNEL");
            List<String> features = List.of("SCORE", "SEGMENT");
            PointInTimeJoin.Batch batch = new PointInTimeJoin.Batch(c, source, keyColumns, columns, "EVENT_TIME", features);

            List<List<String>> keys = new ArrayList<>();
            List<Instant> times = new ArrayList<>();
            for (int i = 0; i < 2_500; i++) {
                keys.add(List.of(String.valueOf(random.nextInt(450)), random.nextBoolean() ? "web" : "app"));
                times.add(T0.plusSeconds(1800L * random.nextInt(64) - 3600));
            }
            keys.set(7, java.util.Arrays.asList(null, "web"));
            List<String[]> found = new ArrayList<>();
            for (int from = 0; from < keys.size(); from += 1_000) {
                int to = Math.min(keys.size(), from + 1_000);
                found.addAll(batch.at(keys.subList(from, to), times.subList(from, to), from));
            }

            int matched = 0;
            try (PreparedStatement one = c.prepareStatement("select event_time, score, segment from history where customer_id = ? "
                    + "and channel = ? and event_time <= ? order by event_time desc, score desc, segment desc fetch first 1 rows only")) {
                for (int i = 0; i < keys.size(); i++) {
                    if (keys.get(i).get(0) == null) {
                        assertThat(found.get(i)).isNull();
                        continue;
                    }
                    one.setInt(1, Integer.parseInt(keys.get(i).get(0)));
                    one.setString(2, keys.get(i).get(1));
                    one.setTimestamp(3, Timestamp.from(times.get(i)));
                    try (ResultSet rs = one.executeQuery()) {
                        if (!rs.next()) {
                            assertThat(found.get(i)).as("row %d", i).isNull();
                            continue;
                        }
                        matched++;
                        assertThat(found.get(i)).as("row %d", i).containsExactly(rs.getTimestamp(1).toInstant().toString(), rs.getString(2),
                                rs.getString(3));
                    }
                }
            }
            assertThat(matched).as("most rows find a row").isGreaterThan(1_000);
        }
    }
}
