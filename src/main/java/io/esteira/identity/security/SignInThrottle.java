package io.esteira.identity.security;

import io.esteira.identity.IdentityEvents.SignInBurst;
import io.esteira.identity.IdentityEvents.SignInLocked;
import io.esteira.identity.security.SignInPolicy.Counter;
import io.esteira.identity.security.SignInPolicy.Limits;
import io.esteira.shared.Trace;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Counts failed sign-ins per user name (as typed, whether or not it is an account) and per client
 * address in the portal's database, so that every node sees the same counts and they survive a
 * restart. Each attempt is counted before the password is checked, under the row lock, and
 * uncounted when it succeeds: parallel attempts cannot slip past a delay or a lock.
 */
@Component
class SignInThrottle {

    static final String ALL = "all";

    private final JdbcTemplate jdbc;
    private final TransactionTemplate transactions;
    private final TransactionTemplate separately;
    private final ApplicationEventPublisher events;
    private final SignInProperties properties;
    private final Clock clock;

    SignInThrottle(JdbcTemplate jdbc, PlatformTransactionManager transactionManager, ApplicationEventPublisher events,
            SignInProperties properties, Clock clock) {
        this.jdbc = jdbc;
        this.transactions = new TransactionTemplate(transactionManager);
        this.separately = new TransactionTemplate(transactionManager);
        this.separately.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
        this.events = events;
        this.properties = properties;
        this.clock = clock;
    }

    /** Why an attempt may not go ahead, and until when. */
    record Refusal(Instant until, boolean locked) {
    }

    /**
     * Counts an attempt of this name from this address, unless one of them must still wait.
     *
     * @return the refusal, or empty when the attempt may go ahead (its password is then checked)
     */
    Optional<Refusal> attempt(String username, String address) {
        Instant now = clock.instant();
        List<Subject> subjects = subjects(username, address);
        subjects.forEach(s -> ensureRow(s.key(), now));
        return transactions.execute(tx -> {
            List<Counter> counters = new ArrayList<>();
            Refusal refusal = null;
            for (Subject subject : subjects) {
                Counter counter = lock(subject.key());
                counters.add(counter);
                Optional<Instant> until = SignInPolicy.refusedUntil(counter, now);
                if (until.isPresent() && (refusal == null || until.get().isAfter(refusal.until()))) {
                    refusal = new Refusal(until.get(), counter.lockedAt(now));
                }
            }
            if (refusal != null) {
                return Optional.of(refusal);
            }
            for (int i = 0; i < subjects.size(); i++) {
                Subject subject = subjects.get(i);
                save(subject.key(), SignInPolicy.attempt(counters.get(i), subject.limits(), now), subject.limits());
            }
            return Optional.<Refusal>empty();
        });
    }

    /** The attempt failed (it is counted already): alerts on a lock that it caused and on a burst of failures. */
    void failed(String username, String address) {
        Instant now = clock.instant();
        ensureRow(ALL, now);
        transactions.executeWithoutResult(tx -> {
            Row all = row(ALL, true);
            boolean newWindow = all.windowStartedAt() == null || !now.isBefore(all.windowStartedAt().plus(properties.burstWindow()));
            int failures = newWindow ? 1 : all.failures() + 1;
            int alerts = newWindow ? 0 : all.alerts();
            Instant windowStart = newWindow ? now : all.windowStartedAt();
            Trace trace = Trace.anonymous(username, clock);
            if (failures == properties.burstThreshold()) {
                events.publishEvent(new SignInBurst(failures, properties.burstWindow(), true, trace));
                alerts++;
            }
            for (Subject subject : subjects(username, address)) {
                Row row = row(subject.key(), true);
                Counter counter = row.counter();
                boolean alertedThisLock = row.alertedAt() != null && counter.lockedUntil() != null
                        && !row.alertedAt().isBefore(counter.lockedUntil().minus(properties.lockDuration()));
                if (counter.lockedAt(now) && !alertedThisLock) {
                    boolean notify = alerts < properties.maxAlertsPerBurstWindow();
                    if (notify) {
                        alerts++;
                    }
                    events.publishEvent(new SignInLocked(subject.kind(), subject.display(), counter.failures(), counter.lockedUntil(),
                            notify, trace));
                    jdbc.update("update sign_in_throttle set alerted_at = ? where subject = ?", at(now), subject.key());
                }
            }
            jdbc.update("update sign_in_throttle set failures = ?, window_started_at = ?, last_failure_at = ?, alerts = ?, expires_at = ? "
                    + "where subject = ?", failures, at(windowStart), at(now), alerts, at(windowStart.plus(properties.burstWindow())), ALL);
        });
    }

    /** The attempt succeeded: the name's failures are forgotten, and this attempt no longer counts against the address. */
    void succeeded(String username, String address) {
        transactions.executeWithoutResult(tx -> {
            jdbc.update("delete from sign_in_throttle where subject = ?", accountKey(username));
            if (address != null && !address.isBlank()) {
                String key = addressKey(address);
                Row row = row(key, true);
                if (row != null) {
                    save(key, SignInPolicy.succeeded(row.counter()), properties.addressLimits());
                }
            }
        });
    }

    /** Until when the next attempt of this name from this address would be refused, and whether by a lock. */
    Optional<Refusal> refusal(String username, String address) {
        Instant now = clock.instant();
        Refusal refusal = null;
        for (Subject subject : subjects(username, address)) {
            Row row = row(subject.key(), false);
            if (row == null) {
                continue;
            }
            Optional<Instant> until = SignInPolicy.refusedUntil(row.counter(), now);
            if (until.isPresent() && (refusal == null || until.get().isAfter(refusal.until()))) {
                refusal = new Refusal(until.get(), row.counter().lockedAt(now));
            }
        }
        return Optional.ofNullable(refusal);
    }

    private record Subject(String key, String kind, String display, Limits limits) {
    }

    private List<Subject> subjects(String username, String address) {
        List<Subject> subjects = new ArrayList<>();
        subjects.add(new Subject(accountKey(username), "account", normalized(username), properties.accountLimits()));
        if (address != null && !address.isBlank()) {
            subjects.add(new Subject(addressKey(address), "address", address.strip(), properties.addressLimits()));
        }
        return subjects;
    }

    static String accountKey(String username) {
        String name = normalized(username);
        return name.length() <= 200 ? "account:" + name : "account#" + sha256(name);
    }

    static String addressKey(String address) {
        String a = address.strip();
        return a.length() <= 200 ? "address:" + a : "address#" + sha256(a);
    }

    private static String normalized(String username) {
        return username == null ? "" : username.strip().toLowerCase(Locale.ROOT);
    }

    private static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A row to lock for the subject, inserted (in a transaction of its own) when there is none; old rows are swept then. */
    private void ensureRow(String key, Instant now) {
        Integer present = jdbc.queryForObject("select count(*) from sign_in_throttle where subject = ?", Integer.class, key);
        if (present != null && present > 0) {
            return;
        }
        try {
            separately.executeWithoutResult(tx -> {
                jdbc.update("delete from sign_in_throttle where expires_at < ? and subject <> ?", at(now), ALL);
                jdbc.update("insert into sign_in_throttle (subject, failures, window_started_at, last_failure_at, alerts, expires_at) "
                        + "values (?, 0, ?, ?, 0, ?)", key, at(now), at(now), at(now.plus(properties.window())));
            });
        } catch (DuplicateKeyException raced) {
            // another attempt inserted it first
        }
    }

    private Counter lock(String key) {
        Row row = row(key, true);
        return row == null ? Counter.NONE : row.counter();
    }

    private record Row(int failures, Instant windowStartedAt, Instant alertedAt, int alerts, Counter counter) {
    }

    private Row row(String key, boolean forUpdate) {
        List<Row> rows = jdbc.query("select failures, window_started_at, last_failure_at, not_before, locked_until, alerted_at, alerts "
                + "from sign_in_throttle where subject = ?" + (forUpdate ? " for update" : ""), (rs, n) -> new Row(rs.getInt("failures"),
                        instant(rs, "window_started_at"), instant(rs, "alerted_at"), rs.getInt("alerts"),
                        new Counter(rs.getInt("failures"), instant(rs, "last_failure_at"), instant(rs, "not_before"),
                                instant(rs, "locked_until"))), key);
        return rows.isEmpty() ? null : rows.getFirst();
    }

    private void save(String key, Counter counter, Limits limits) {
        Instant lastFailure = counter.lastFailureAt() == null ? clock.instant() : counter.lastFailureAt();
        int updated = jdbc.update("update sign_in_throttle set failures = ?, last_failure_at = ?, not_before = ?, locked_until = ?, "
                + "expires_at = ? where subject = ?", counter.failures(), at(lastFailure), at(counter.notBefore()),
                at(counter.lockedUntil()), at(SignInPolicy.expiresAt(counter, limits)), key);
        if (updated == 0) {
            jdbc.update("insert into sign_in_throttle (subject, failures, window_started_at, last_failure_at, not_before, locked_until, alerts, "
                    + "expires_at) values (?, ?, ?, ?, ?, ?, 0, ?)", key, counter.failures(), at(lastFailure), at(lastFailure),
                    at(counter.notBefore()), at(counter.lockedUntil()), at(SignInPolicy.expiresAt(counter, limits)));
        }
    }

    private static OffsetDateTime at(Instant instant) {
        return instant == null ? null : instant.atOffset(ZoneOffset.UTC);
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        OffsetDateTime value = rs.getObject(column, OffsetDateTime.class);
        return value == null ? null : value.toInstant();
    }
}
