package io.esteira.scheduling;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A query's rows with the scorer's columns after the input's: read and scored a chunk at a time
 * (at most {@link RowScorer#CHUNK} rows), so a run holds one chunk in memory whatever the query's size.
 */
final class ScoredRows implements TargetWriter.Rows {

    private final TargetWriter.Rows input;
    private final RowScorer.Scoring scoring;
    private final List<String> names = new ArrayList<>();
    private final List<Integer> types = new ArrayList<>();
    private final int width;
    private List<Map<String, Object>> chunk = List.of();
    private List<List<Object>> scores = List.of();
    private int at = -1;
    private boolean exhausted;
    private long scored;
    private int chunks;

    ScoredRows(TargetWriter.Rows input, RowScorer.Scoring scoring) {
        this.input = input;
        this.scoring = scoring;
        this.width = input.names().size();
        names.addAll(input.names());
        types.addAll(input.jdbcTypes());
        Set<String> taken = new java.util.HashSet<>(names);
        for (RowScorer.Column c : scoring.columns()) {
            String name = c.name().toLowerCase(java.util.Locale.ROOT);
            if (!taken.add(name)) {
                throw new IllegalArgumentException("The query returns a column " + name + ", which the scores would overwrite; "
                        + "rename it in the query");
            }
            names.add(name);
            types.add(c.jdbcType());
        }
    }

    @Override
    public List<String> names() {
        return names;
    }

    @Override
    public List<Integer> jdbcTypes() {
        return types;
    }

    @Override
    public boolean next() throws SQLException {
        if (++at < chunk.size()) {
            return true;
        }
        if (exhausted) {
            return false;
        }
        List<Map<String, Object>> read = new ArrayList<>(RowScorer.CHUNK);
        while (read.size() < RowScorer.CHUNK && input.next()) {
            Map<String, Object> row = new LinkedHashMap<>(width * 2);
            for (int i = 0; i < width; i++) {
                row.put(names.get(i), input.value(i + 1));
            }
            read.add(row);
        }
        exhausted = read.size() < RowScorer.CHUNK;
        if (read.isEmpty()) {
            return false;
        }
        List<List<Object>> values = scoring.score(read);
        if (values == null || values.size() != read.size()) {
            throw new IllegalStateException("The scorer answered " + (values == null ? 0 : values.size()) + " rows for " + read.size());
        }
        chunk = read;
        scores = values;
        at = 0;
        scored += read.size();
        chunks++;
        return true;
    }

    @Override
    public Object value(int column) {
        if (column <= width) {
            return chunk.get(at).get(names.get(column - 1));
        }
        List<Object> row = scores.get(at);
        return row.get(column - width - 1);
    }

    long scored() {
        return scored;
    }

    int chunks() {
        return chunks;
    }
}
