package io.esteira.deployments.shadow;

import io.esteira.deployments.ShadowResults;
import io.esteira.deployments.domain.Deployment;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * A shadow's answers compared with the live release's, row by row: a row agrees when every discrete
 * output (a label: a whole number, a string, true/false) is the same; the continuous outputs (scores,
 * probabilities) are compared by their absolute difference. Kept as running sums per shadow, to
 * which every node adds.
 */
@Component
public class ShadowComparisons {

    /** What one mirrored call gave: rows compared and agreed, continuous values compared and their summed difference. */
    record Call(int rows, int agreed, int scores, double difference) {
    }

    private final JdbcTemplate jdbc;

    ShadowComparisons(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** Compares the live answers with the shadow's (null when the shadow failed: nothing compared). */
    static Call compare(List<Map<String, Object>> live, List<Map<String, Object>> shadow) {
        if (live == null || shadow == null || live.size() != shadow.size()) {
            return new Call(0, 0, 0, 0);
        }
        int agreed = 0;
        int scores = 0;
        double difference = 0;
        for (int i = 0; i < live.size(); i++) {
            boolean same = true;
            for (Map.Entry<String, Object> output : live.get(i).entrySet()) {
                if (!shadow.get(i).containsKey(output.getKey())) {
                    continue;
                }
                List<Object> a = flat(output.getValue());
                List<Object> b = flat(shadow.get(i).get(output.getKey()));
                if (a.size() != b.size()) {
                    same = false;
                    continue;
                }
                for (int k = 0; k < a.size(); k++) {
                    if (continuous(a.get(k)) && continuous(b.get(k))) {
                        scores++;
                        difference += Math.abs(((Number) a.get(k)).doubleValue() - ((Number) b.get(k)).doubleValue());
                    } else if (!discreteEqual(a.get(k), b.get(k))) {
                        same = false;
                    }
                }
            }
            if (same) {
                agreed++;
            }
        }
        return new Call(live.size(), agreed, scores, difference);
    }

    private static List<Object> flat(Object value) {
        List<Object> out = new ArrayList<>();
        if (value instanceof List<?> list) {
            list.forEach(v -> out.addAll(flat(v)));
        } else {
            out.add(value);
        }
        return out;
    }

    private static boolean continuous(Object v) {
        return v instanceof Double || v instanceof Float;
    }

    private static boolean discreteEqual(Object a, Object b) {
        if (a instanceof Number x && b instanceof Number y) {
            return x.longValue() == y.longValue() && !continuous(a) && !continuous(b);
        }
        return a == null ? b == null : a.equals(b);
    }

    /** Adds a mirrored call to its shadow's sums. */
    void add(Deployment shadow, Call call, long shadowMicros, long liveMicros, Instant at) {
        Object[] sums = {call.rows(), call.agreed(), call.scores(), call.difference(), shadowMicros, liveMicros, call.rows() == 0 ? 1 : 0};
        String update = "update shadow_comparison set calls = calls + 1, rows_compared = rows_compared + ?, rows_agreed = rows_agreed + ?, "
                + "scores_compared = scores_compared + ?, score_difference_sum = score_difference_sum + ?, "
                + "shadow_latency_sum = shadow_latency_sum + ?, live_latency_sum = live_latency_sum + ?, failed_calls = failed_calls + ?, "
                + "first_at = least(first_at, ?), last_at = greatest(last_at, ?) where release_id = ?";
        Object[] args = concat(sums, Timestamp.from(at), Timestamp.from(at), shadow.getId());
        if (jdbc.update(update, args) == 0) {
            try {
                jdbc.update("insert into shadow_comparison (release_id, area_id, calls, rows_compared, rows_agreed, scores_compared, "
                        + "score_difference_sum, shadow_latency_sum, live_latency_sum, failed_calls, first_at, last_at) "
                        + "values (?, ?, 1, ?, ?, ?, ?, ?, ?, ?, ?, ?)", concat(new Object[] {shadow.getId(), shadow.getAreaId()},
                                concat(sums, Timestamp.from(at), Timestamp.from(at))));
            } catch (DuplicateKeyException e) {
                jdbc.update(update, args); // another node made the row first
            }
        }
    }

    private static Object[] concat(Object[] head, Object... tail) {
        Object[] all = new Object[head.length + tail.length];
        System.arraycopy(head, 0, all, 0, head.length);
        System.arraycopy(tail, 0, all, head.length, tail.length);
        return all;
    }

    /** The sums of a shadow, if it has mirrored a call. */
    public Optional<ShadowResults> of(UUID releaseId) {
        return jdbc.query("select calls, rows_compared, rows_agreed, scores_compared, score_difference_sum, shadow_latency_sum, "
                + "live_latency_sum, failed_calls, first_at, last_at from shadow_comparison where release_id = ?", (rs, i) -> {
                    long calls = rs.getLong(1);
                    long rows = rs.getLong(2);
                    long scores = rs.getLong(4);
                    return new ShadowResults(releaseId, calls, rs.getLong(8), rows, rows == 0 ? null : rs.getLong(3) / (double) rows,
                            scores == 0 ? null : rs.getDouble(5) / scores, rs.getLong(6) / 1000.0 / calls, rs.getLong(7) / 1000.0 / calls,
                            rs.getTimestamp(9).toInstant(),
                            rs.getTimestamp(10).toInstant());
                }, releaseId).stream().findFirst();
    }
}
