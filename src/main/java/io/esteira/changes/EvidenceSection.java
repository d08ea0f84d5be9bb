package io.esteira.changes;

/**
 * One part of an evidence pack.
 *
 * @param kind    {@code "markdown"} (rendered with raw HTML escaped), {@code "table"} (content: JSON
 *                {@code {"columns": [..], "rows": [[..], ..]}}), {@code "text"} (shown as is) or
 *                {@code "link"} (content: a portal path or an https address)
 */
public record EvidenceSection(String title, String kind, String content) {

    public static final String MARKDOWN = "markdown";
    public static final String TABLE = "table";
    public static final String TEXT = "text";
    public static final String LINK = "link";
}
