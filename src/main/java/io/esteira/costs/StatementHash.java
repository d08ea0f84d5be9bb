package io.esteira.costs;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

/** The SHA-256 of a statement's canonical text: its header and lines, numbers at fixed scales. */
final class StatementHash {

    private StatementHash() {
    }

    static String of(StatementView s, List<StatementLine> lines) {
        StringBuilder text = new StringBuilder();
        text.append(String.join("|", "statement", s.number(), s.month().toString(), s.areaId().toString(), s.areaCode(), s.areaName(),
                String.valueOf(s.costCenter()), s.currency(), cents(s.directTotal()), cents(s.correctionTotal()), cents(s.poolTotal()),
                cents(s.total()), exact(s.ledgerExact()), Long.toString(s.ledgerLines()))).append('\n');
        for (StatementLine l : lines) {
            text.append(String.join("|", Integer.toString(l.lineNo()), l.section().name(), String.valueOf(l.kind()), String.valueOf(l.sku()),
                    String.valueOf(l.personName()), String.valueOf(l.correctedMonth()), l.description(),
                    l.quantity() == null ? "" : exact(l.quantity()), String.valueOf(l.unit()), exact(l.exactAmount()), cents(l.amount())))
                    .append('\n');
        }
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.toString().getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String cents(BigDecimal v) {
        return v.setScale(Cents.SCALE).toPlainString();
    }

    private static String exact(BigDecimal v) {
        return v.setScale(Rating.SCALE).toPlainString();
    }
}
