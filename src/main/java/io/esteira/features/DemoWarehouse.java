package io.esteira.features;

import io.esteira.areas.AreaService;
import io.esteira.features.domain.SourceGrant;
import io.esteira.shared.security.SystemActor;
import java.util.List;
import java.util.Optional;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

/**
 * The embedded default's demo warehouse: a separate H2 database with a bank's customers and card
 * transactions, generated deterministically (the same rows on every machine) in the background at
 * the first start, so the portal is usable at once. It is registered as the data source
 * "Bank warehouse (demo)".
 */
@Component
@Order(30)
@ConditionalOnProperty(name = "esteira.demo.enabled", havingValue = "true")
public class DemoWarehouse implements ApplicationRunner {

    public static final String SOURCE_NAME = "Bank warehouse (demo)";
    static final String READER = "esteira_reader";
    static final String WRITER = "esteira_writer";
    private static final Logger log = LoggerFactory.getLogger(DemoWarehouse.class);
    private static final int CHUNK = 100_000;
    /** Bumped when the generated data changes, so that an older warehouse is generated again. */
    private static final int GENERATOR = 2;
    /** One generation at a time in this JVM, whatever the number of application contexts. */
    private static final Object GENERATING = new Object();

    /** Where generation stands: {@code done} rows of {@code total}, and a failure if any. */
    public record Progress(String phase, long done, long total, boolean finished, String error) {
        public int percent() {
            return total == 0 ? 0 : (int) Math.min(100, done * 100 / total);
        }
    }

    private final DataSourceService sources;
    private final SourceAccess sourceAccess;
    private final AreaService areas;
    private final DemoFeatureGroups demoGroups;
    private final String url;
    private final String sourceUrl;
    private final java.nio.file.Path warehouseDir;
    private final int customers;
    private final int transactions;
    private final AtomicReference<Progress> progress = new AtomicReference<>(new Progress("waiting", 0, 0, false, null));

    DemoWarehouse(DataSourceService sources, SourceAccess sourceAccess, AreaService areas, DemoFeatureGroups demoGroups, @Value("${esteira.data-dir}") Path dataDir,
            @Value("${esteira.demo.warehouse.customers:50000}") int customers,
            @Value("${esteira.demo.warehouse.transactions:1000000}") int transactions) {
        this.sources = sources;
        this.sourceAccess = sourceAccess;
        this.areas = areas;
        this.demoGroups = demoGroups;
        this.warehouseDir = dataDir.resolve("warehouse").toAbsolutePath().normalize();
        String file = "jdbc:h2:file:" + dataDir.resolve("warehouse/bank").toAbsolutePath().normalize() + ";DATABASE_TO_LOWER=TRUE";
        // The portal keeps the warehouse open in PostgreSQL mode (DB_CLOSE_DELAY=-1). The source's own address leaves MODE and
        // DEFAULT_NULL_ORDERING out: H2 runs them as SET on every connection to an open database, and only an
        // administrator may; DATABASE_TO_LOWER counts only when the database is opened.
        this.url = file + ";MODE=PostgreSQL;DEFAULT_NULL_ORDERING=HIGH;DB_CLOSE_DELAY=-1";
        this.sourceUrl = file;
        this.customers = customers;
        this.transactions = transactions;
    }

    public Progress progress() {
        return progress.get();
    }

    public String url() {
        return url;
    }

    /** The warehouse's data source, once registered. */
    public Optional<java.util.UUID> sourceId() {
        return SystemActor.call(() -> sources.list(SOURCE_NAME, org.springframework.data.domain.PageRequest.of(0, 1)).getContent().stream()
                .filter(s -> s.name().equals(SOURCE_NAME)).findFirst().map(DataSourceSummary::id));
    }

    @Override
    public void run(ApplicationArguments args) {
        java.util.UUID sourceId = SystemActor.call(this::register);
        SystemActor.run(() -> grantDemoAreas(sourceId));
        Thread.ofPlatform().daemon().name("demo-warehouse").start(() -> {
            generate();
            if (progress.get().error() == null) {
                grantAccounts(sourceId);
            }
            if (progress.get().error() == null) {
                demoGroups.ensure(sourceId);
            }
        });
    }

    /**
     * The source, connected with two least-privilege accounts of the warehouse: a reader with SELECT
     * grants only, for people's queries, and a writer that owns the areas' schemas, for the tables
     * schedules write. A source registered with the administrator before these existed is moved to them.
     */
    private java.util.UUID register() {
        Optional<DataSourceSummary> existing = sources.list(SOURCE_NAME, org.springframework.data.domain.PageRequest.of(0, 1))
                .getContent().stream().findFirst();
        boolean newPasswords = !java.nio.file.Files.exists(warehouseDir.resolve("accounts.properties"));
        if (existing.isPresent() && !newPasswords && READER.equals(existing.get().username()) && WRITER.equals(existing.get().writeUsername())
                && sourceUrl.equals(existing.get().jdbcUrl())) {
            return existing.get().id();
        }
        DataSourceDraft draft = new DataSourceDraft(SOURCE_NAME,
                "Generated demo data of a bank: customers and a year of card transactions with a fraud label.",
                sourceUrl, "org.h2.Driver", READER, accounts().getProperty(READER), Classification.SOT, null, WRITER, accounts().getProperty(WRITER));
        return existing.map(s -> sources.update(s.id(), draft, s.version()).id()).orElseGet(() -> sources.create(draft).id());
    }

    /**
     * Credit Risk and Fraud query the warehouse (every schema; the area rules keep them out of each
     * other's schema and personal data); Marketing has no grant until an administrator gives one.
     */
    private void grantDemoAreas(java.util.UUID sourceId) {
        if (!sourceAccess.grants(sourceId).isEmpty()) {
            return; // granted at an earlier start, or by an administrator since
        }
        areas.myAreas().stream().filter(a -> a.code().equals("CREDIT") || a.code().equals("FRAUD"))
                .forEach(a -> sourceAccess.grant(sourceId, a.id(), SourceGrant.EVERY_SCHEMA));
    }

    /** Creates (or re-keys, with the passwords kept beside the warehouse) the two accounts, their grants and the areas' schemas. */
    private void grantAccounts(java.util.UUID sourceId) {
        try (Connection c = DriverManager.getConnection(url, "sa", ""); Statement s = c.createStatement()) {
            java.util.Properties accounts = accounts();
            for (String account : List.of(READER, WRITER)) {
                s.execute("create user if not exists " + account + " password " + literal(accounts.getProperty(account)));
                s.execute("alter user " + account + " set password " + literal(accounts.getProperty(account)));
            }
            s.execute("grant select on schema bank to " + READER);
            for (AreaService.AreaRef area : SystemActor.call(areas::directory)) {
                areaSchema(s, area.code());
            }
        } catch (SQLException | RuntimeException e) {
            log.error("Granting the demo warehouse's accounts failed", e);
            progress.set(new Progress("failed", 0, transactions, true, e.getMessage()));
        }
    }

    /** A new area gets its schema in the warehouse, owned by the writer and readable by the reader. */
    @org.springframework.modulith.events.ApplicationModuleListener
    void on(io.esteira.areas.AreaEvents.AreaCreated created) {
        synchronized (GENERATING) {
            if (!progress.get().finished() || progress.get().error() != null) {
                return; // the generation grants every area's schema when it ends
            }
            try (Connection c = DriverManager.getConnection(url, "sa", ""); Statement s = c.createStatement()) {
                areaSchema(s, created.code());
            } catch (SQLException e) {
                log.warn("Cannot create the demo warehouse schema of area {}: {}", created.code(), e.getMessage());
            }
        }
    }

    private static void areaSchema(Statement s, String areaCode) throws SQLException {
        String schema = QuerySources.areaSchema(areaCode);
        s.execute("create schema if not exists \"" + schema + "\" authorization " + WRITER);
        s.execute("grant select on schema \"" + schema + "\" to " + READER);
    }

    private static String literal(String value) {
        return "'" + value.replace("'", "''") + "'";
    }

    /**
     * The accounts' passwords, made once per warehouse and kept beside it (readable by the portal's
     * user only), so that every portal on this data directory connects with the same ones.
     */
    private java.util.Properties accounts() {
        synchronized (GENERATING) {
            java.nio.file.Path file = warehouseDir.resolve("accounts.properties");
            java.util.Properties accounts = new java.util.Properties();
            try {
                if (java.nio.file.Files.exists(file)) {
                    try (var in = java.nio.file.Files.newBufferedReader(file)) {
                        accounts.load(in);
                    }
                }
                if (accounts.getProperty(READER) == null || accounts.getProperty(WRITER) == null) {
                    accounts.setProperty(READER, newPassword());
                    accounts.setProperty(WRITER, newPassword());
                    java.nio.file.Files.createDirectories(warehouseDir);
                    java.nio.file.Files.deleteIfExists(file);
                    java.nio.file.Files.createFile(file, java.nio.file.attribute.PosixFilePermissions.asFileAttribute(
                            java.nio.file.attribute.PosixFilePermissions.fromString("rw-------")));
                    try (var out = java.nio.file.Files.newBufferedWriter(file)) {
                        accounts.store(out, "Demo warehouse accounts (esteira_reader: SELECT only; esteira_writer: owns the area schemas)");
                    }
                }
                return accounts;
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException("Cannot keep the demo warehouse's accounts in " + file, e);
            }
        }
    }

    private static String newPassword() {
        byte[] bytes = new byte[24];
        new java.security.SecureRandom().nextBytes(bytes);
        return java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    void generate() {
        synchronized (GENERATING) {
            long started = System.nanoTime();
            try (Connection c = DriverManager.getConnection(url, "sa", ""); Statement s = c.createStatement()) {
                if (complete(s)) {
                    progress.set(new Progress("ready", transactions, transactions, true, null));
                    return;
                }
                s.execute("drop schema if exists bank cascade");
                s.execute("create schema bank");
                s.execute("""
                        create table bank.customers (
                            customer_id    bigint primary key,
                            full_name      varchar(80)   not null,
                            email          varchar(120)  not null,
                            birth_date     date          not null,
                            segment        varchar(20)   not null,
                            region         varchar(20)   not null,
                            credit_limit   numeric(12,2) not null,
                            risk_score     integer       not null,
                            customer_since date          not null)""");
                s.execute("""
                        create table bank.card_transactions (
                            transaction_id    bigint primary key,
                            customer_id       bigint        not null,
                            event_time        timestamp with time zone not null,
                            amount            numeric(12,2) not null,
                            currency          varchar(3)    not null,
                            merchant_category varchar(40)   not null,
                            merchant_country  varchar(2)    not null,
                            channel           varchar(12)   not null,
                            is_fraud          boolean       not null)""");
                progress.set(new Progress("customers", 0, transactions, false, null));
                s.execute("""
                        insert into bank.customers
                        select x,
                               array['Ana','Bruno','Carla','Diego','Eva','Fabio','Gabriela','Hugo','Ines','Joao','Lara','Miguel','Nina','Otavio','Paula','Rui'][mod(x * 7, 16) + 1]
                                 || ' ' || array['Silva','Santos','Costa','Pereira','Oliveira','Rodrigues','Ferreira','Almeida','Ribeiro','Carvalho','Gomes','Martins'][mod(x * 13, 12) + 1],
                               'customer' || x || '@mail.example',
                               dateadd(day, -mod(x * 7919, 365 * 60) - 18 * 365, date '2026-01-01'),
                               array['mass','mass','mass','affluent','affluent','private','small business'][mod(x * 31, 7) + 1],
                               array['North','South','East','West','Centre','Islands'][mod(x * 17, 6) + 1],
                               cast(500 + mod(x * 104729, 200) * 250 as numeric(12,2)),
                               300 + mod(x * 6007, 551),
                               dateadd(day, -mod(x * 3571, 365 * 25), date '2026-01-01')
                        from (select "X" as x from system_range(1, %d))""".formatted(customers));
                for (long from = 1; from <= transactions; from += CHUNK) {
                    long to = Math.min(transactions, from + CHUNK - 1);
                    progress.set(new Progress("card transactions", from - 1, transactions, false, null));
                    s.execute("""
                            insert into bank.card_transactions
                            select x,
                                   mod(x * 2654435761, %d) + 1,
                                   timestamp with time zone '2025-11-01 00:00:00+00' + mod(x * 48271, 86400 * 365) * interval '1' second,
                                   cast(round(exp(mod(x * 16807, 1000) / 1000.0 * 7) + mod(x, 100) / 100.0, 2) as numeric(12,2)),
                                   'EUR',
                                   array['groceries','restaurants','fuel','travel','electronics','fashion','online services','gambling','pharmacy','cash withdrawal'][mod((x * 2654435761) / 4096, 10) + 1],
                                   array['PT','PT','PT','PT','ES','FR','DE','GB','US','BR'][mod((x * 40503) / 64 + x / 7, 10) + 1],
                                   array['chip','chip','contactless','contactless','online','online','atm'][mod((x * 69069) / 256, 7) + 1],
                                   mod(x * 134775813, 1000) < case when mod((x * 2654435761) / 4096, 10) in (4, 7) then 25 else 3 end
                            from (select "X" as x from system_range(%d, %d))""".formatted(customers, from, to));
                }
                s.execute("create index ix_tx_customer_time on bank.card_transactions (customer_id, event_time)");
                s.execute("create table bank.generation (finished_at timestamp with time zone, transactions bigint, generator integer)");
                s.execute("insert into bank.generation values (current_timestamp, " + transactions + ", " + GENERATOR + ")");
                progress.set(new Progress("ready", transactions, transactions, true, null));
                log.info("Demo warehouse ready: {} customers, {} card transactions in {} s", customers, transactions,
                        Duration.ofNanos(System.nanoTime() - started).toSeconds());
            } catch (SQLException | RuntimeException e) {
                log.error("Generating the demo warehouse failed", e);
                progress.set(new Progress("failed", 0, transactions, true, e.getMessage()));
            }
        }
    }

    private boolean complete(Statement s) throws SQLException {
        try (ResultSet rs = s.executeQuery("select count(*) from information_schema.tables where table_schema = 'bank' and table_name = 'generation'")) {
            rs.next();
            if (rs.getLong(1) == 0) {
                return false;
            }
        }
        try (ResultSet rs = s.executeQuery("select * from bank.generation")) {
            return rs.next() && rs.getLong("transactions") == transactions && rs.getMetaData().getColumnCount() >= 3
                    && rs.getInt("generator") == GENERATOR;
        }
    }
}
