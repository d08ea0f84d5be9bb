package io.esteira.features;

import java.util.List;

/** The columns of a table or query and its first rows, as text. */
public record QueryPreview(List<ColumnInfo> columns, List<List<String>> rows) {
}
