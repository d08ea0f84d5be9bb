package io.esteira.shared.errors;

import com.cronutils.model.CronType;
import com.cronutils.model.definition.CronDefinitionBuilder;
import com.cronutils.parser.CronParser;
import io.esteira.shared.InvalidRequestException;
import java.text.ParseException;
import java.util.Optional;
import org.quartz.CronExpression;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one check of a Quartz cron expression that people read: which of its fields is wrong, where
 * it starts (its column), and what that field takes, instead of Quartz's or cron-utils' messages
 * (which go to the server log). Used by every form and API call that takes a cron.
 */
public final class CronErrors {

    private static final Logger log = LoggerFactory.getLogger(CronErrors.class);
    private static final CronParser QUARTZ = new CronParser(CronDefinitionBuilder.instanceDefinitionFor(CronType.QUARTZ));

    /** The fields in order, and what each takes. */
    private static final String[][] FIELDS = {
            {"seconds", "0 to 59"},
            {"minutes", "0 to 59"},
            {"hours", "0 to 23"},
            {"day of month", "1 to 31, L for the last day, or ?"},
            {"month", "1 to 12 or JAN to DEC"},
            {"day of week", "1 to 7 or SUN to SAT, or ?"},
            {"year", "1970 to 2099"},
    };

    private CronErrors() {
    }

    /**
     * @param field the field the cron was written in
     * @param cron  the expression, spaces already collapsed
     * @return what is wrong with it, naming the field, or empty when Quartz takes it
     */
    public static Optional<InvalidRequestException> check(String field, String cron) {
        String problem = problem(cron);
        if (problem == null) {
            return Optional.empty();
        }
        String[] terms = cron.split(" ");
        if (terms.length < 6 || terms.length > 7) {
            return Optional.of(new InvalidRequestException(field, "A cron has six or seven parts separated by spaces; this one has " + terms.length));
        }
        int column = 1;
        for (int i = 0; i < terms.length; i++) {
            if (problem(probe(terms, i)) != null) {
                TextPosition at = new TextPosition(1, column);
                return Optional.of(new InvalidRequestException(field, "Part " + (i + 1) + " (" + FIELDS[i][0] + ") at column " + column
                        + " is " + terms[i] + "; it takes " + FIELDS[i][1] + ", with *, ranges (1-5), lists (1,15) or steps (0/15)").at(at));
            }
            column += terms[i].length() + 1;
        }
        if (!terms[3].equals("?") && !terms[5].equals("?")) {
            int at = terms[0].length() + terms[1].length() + terms[2].length() + 4;
            return Optional.of(new InvalidRequestException(field, "Put ? in day of month (column " + at
                    + ") or in day of week: Quartz takes one of the two, not both").at(new TextPosition(1, at)));
        }
        log.info("Cron {} refused: {}", cron, problem);
        return Optional.of(new InvalidRequestException(field, "This cron cannot be read: check it part by part against the example"));
    }

    /** Quartz's and cron-utils' objection, for the log; null when both take it. */
    private static String problem(String cron) {
        try {
            CronExpression.validateExpression(cron);
            QUARTZ.parse(cron).validate();
            return null;
        } catch (ParseException | RuntimeException e) {
            return e.getMessage();
        }
    }

    /** A cron that is right but for the one part of the person's: which part is wrong. */
    private static String probe(String[] terms, int index) {
        String[] probe = {"0", "0", "0", "1", "*", "?"};
        if (index == 3 && terms[3].equals("?") || index == 5 && !terms[5].equals("?")) {
            probe[3] = "?";
            probe[5] = "*";
        }
        if (index == 6) {
            return String.join(" ", probe) + " " + terms[6];
        }
        probe[index] = terms[index];
        return String.join(" ", probe);
    }
}
