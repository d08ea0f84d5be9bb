package io.esteira.shared.errors;

/**
 * Where in a text something is, as people count: line and column from 1.
 *
 * @param line   1 for the first line
 * @param column 1 for the first character of the line
 */
public record TextPosition(int line, int column) {

    /** The position of a character offset (from 0) in a text. */
    public static TextPosition of(String text, int offset) {
        int line = 1;
        int column = 1;
        for (int i = 0; i < Math.min(offset, text.length()); i++) {
            if (text.charAt(i) == '\n') {
                line++;
                column = 1;
            } else {
                column++;
            }
        }
        return new TextPosition(line, column);
    }

    /** "line 2, column 8" */
    public String inWords() {
        return "line " + line + ", column " + column;
    }
}
