package io.esteira.shared;

import java.util.regex.Pattern;

/**
 * Cells of CSV files people download and open in a spreadsheet (audit export, training sets):
 * a cell a spreadsheet would run as a formula ({@code =}, {@code +}, {@code -}, {@code @}, tab or
 * carriage return first) is turned into text with a leading {@code '}; plain numbers such as
 * {@code -1.5} stay numbers. Cells with a separator (',' or the ';' of some locales), a quote or a line
 * break are quoted.
 */
public final class Csv {

    private static final String FORMULA_STARTS = "=+-@\t\r";
    private static final Pattern PLAIN_NUMBER = Pattern.compile("[+-]?(\\d+(\\.\\d*)?|\\.\\d+)([eE][+-]?\\d+)?");

    private Csv() {
    }

    public static String cell(String value) {
        if (value == null) {
            return "";
        }
        String v = value;
        if (!v.isEmpty() && FORMULA_STARTS.indexOf(v.charAt(0)) >= 0 && !PLAIN_NUMBER.matcher(v).matches()) {
            v = "'" + v;
        }
        // quoted cells stay one cell in every locale, including those whose list separator is ';'
        if (v.contains(",") || v.contains(";") || v.contains("\t") || v.contains("\"") || v.contains("\n")
                || v.contains("\r") || !v.equals(value)) {
            return "\"" + v.replace("\"", "\"\"") + "\"";
        }
        return v;
    }
}
