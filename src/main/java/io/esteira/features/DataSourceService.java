package io.esteira.features;

import io.esteira.areas.AreaAccess;
import io.esteira.areas.AreaService;
import io.esteira.features.FeatureEvents.DataSourceSaved;
import io.esteira.features.FeatureEvents.DataSourceTested;
import io.esteira.features.domain.DataSource;
import io.esteira.features.domain.DataSources;
import io.esteira.shared.Changes;
import io.esteira.shared.ForbiddenException;
import io.esteira.shared.InvalidRequestException;
import io.esteira.shared.NotFoundException;
import io.esteira.shared.Paging;
import io.esteira.shared.Trace;
import io.esteira.shared.Validation;
import io.esteira.shared.crypto.SecretCipher;
import io.esteira.shared.security.CurrentUser;
import jakarta.validation.Validator;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.SQLException;
import java.time.Clock;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.data.domain.Page;
import org.springframework.data.domain.Pageable;
import org.springframework.orm.ObjectOptimisticLockingFailureException;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Data sources: administrators register them, with the password sealed at rest; everyone signed in
 * sees the platform-wide sources and those of their areas, never a password.
 */
@Service
@Transactional(readOnly = true)
@PreAuthorize("isAuthenticated()")
public class DataSourceService {

    private final DataSources sources;
    private final DataSourceConnections connections;
    private final JdbcUrlPolicy urlPolicy;
    private final SecretCipher secrets;
    private final AreaAccess access;
    private final AreaService areas;
    private final Validator validator;
    private final ApplicationEventPublisher events;
    private final Clock clock;

    DataSourceService(DataSources sources, DataSourceConnections connections, JdbcUrlPolicy urlPolicy, SecretCipher secrets,
            AreaAccess access, AreaService areas, Validator validator, ApplicationEventPublisher events, Clock clock) {
        this.clock = clock;
        this.sources = sources;
        this.connections = connections;
        this.urlPolicy = urlPolicy;
        this.secrets = secrets;
        this.access = access;
        this.areas = areas;
        this.validator = validator;
        this.events = events;
    }

    public Page<DataSourceSummary> list(String filter, Pageable pageable) {
        boolean everything = CurrentUser.require().isPlatformAdmin();
        Set<UUID> areaIds = new HashSet<>(access.readableAreaIds());
        areaIds.add(new UUID(0, 0)); // never an empty IN list
        Map<UUID, String> names = areaNames();
        return sources.visible(everything, areaIds, filter == null ? "" : filter.strip(), Paging.orderedBy(pageable, "name"))
                .map(s -> summary(s, names));
    }

    public DataSourceSummary get(UUID id) {
        return summary(readable(id), areaNames());
    }

    @PreAuthorize("hasRole('ADMIN')")
    @Transactional
    public DataSourceSummary create(DataSourceDraft draft) {
        validate(draft);
        if (sources.existsByNameIgnoreCase(draft.name().strip())) {
            throw new InvalidRequestException("name", "A data source named " + draft.name().strip() + " already exists");
        }
        DataSource source = new DataSource(draft.name(), clock.instant());
        apply(source, draft);
        if (draft.password() != null && !draft.password().isEmpty()) {
            source.sealPassword(secrets.encrypt(draft.password()), clock.instant());
        }
        source.changeWriteAccount(draft.writeUsername(), sealed(draft.writePassword()), clock.instant());
        try {
            sources.saveAndFlush(source);
        } catch (DataIntegrityViolationException e) {
            throw new InvalidRequestException("name", "A data source named " + draft.name().strip() + " already exists");
        }
        Map<String, Object> details = new HashMap<>();
        details.put("name", source.getName());
        details.put("jdbcUrl", source.getJdbcUrl());
        details.put("classification", source.getClassification().name());
        details.put("passwordStored", source.getPasswordSealed() != null);
        details.put("writeUsername", source.getWriteUsername() == null ? "" : source.getWriteUsername());
        events.publishEvent(new DataSourceSaved(source.getId(), source.getOwnerAreaId(), source.getName(), true, details, Trace.capture(clock)));
        return summary(source, areaNames());
    }

    @PreAuthorize("hasRole('ADMIN')")
    @Transactional
    public DataSourceSummary update(UUID id, DataSourceDraft draft, long expectedVersion) {
        validate(draft);
        DataSource source = sources.findById(id).orElseThrow(() -> new NotFoundException("data source", id));
        if (source.getVersion() != expectedVersion) {
            throw new ObjectOptimisticLockingFailureException(DataSource.class, id);
        }
        if (!source.getName().equalsIgnoreCase(draft.name().strip()) && sources.existsByNameIgnoreCase(draft.name().strip())) {
            throw new InvalidRequestException("name", "A data source named " + draft.name().strip() + " already exists");
        }
        boolean newPassword = draft.password() != null && !draft.password().isEmpty();
        Changes changes = new Changes()
                .field("name", source.getName(), draft.name().strip())
                .field("description", source.getDescription(), draft.description() == null ? "" : draft.description().strip())
                .field("jdbcUrl", source.getJdbcUrl(), draft.jdbcUrl().strip())
                .field("driverClass", source.getDriverClass(), draft.driverClass().strip())
                .field("username", source.getUsername(), draft.username() == null || draft.username().isBlank() ? null : draft.username().strip())
                .field("classification", source.getClassification().name(), draft.classification().name())
                .field("ownerAreaId", source.getOwnerAreaId(), draft.ownerAreaId())
                .field("password", "unchanged", newPassword ? "changed" : "unchanged")
                .field("writeUsername", source.getWriteUsername(), draft.writeUsername() == null || draft.writeUsername().isBlank() ? null
                        : draft.writeUsername().strip())
                .field("writePassword", "unchanged", sealed(draft.writePassword()) != null ? "changed" : "unchanged");
        if (changes.isEmpty()) {
            return summary(source, areaNames());
        }
        apply(source, draft);
        if (newPassword) {
            source.sealPassword(secrets.encrypt(draft.password()), clock.instant());
        }
        source.changeWriteAccount(draft.writeUsername(), sealed(draft.writePassword()), clock.instant());
        sources.saveAndFlush(source);
        events.publishEvent(new DataSourceSaved(id, source.getOwnerAreaId(), source.getName(), false, changes.asMap(), Trace.capture(clock)));
        return summary(source, areaNames());
    }

    /** Connects to a stored source, records the outcome with the source and in the audit log. */
    @Transactional
    public ConnectionTest test(UUID id) {
        DataSource source = readable(id);
        if (!CurrentUser.require().isPlatformAdmin()) {
            if (source.getOwnerAreaId() == null) {
                throw new ForbiddenException("Only administrators test platform-wide data sources");
            }
            access.requireAct(source.getOwnerAreaId(), "data source", id);
        }
        ConnectionTest result = attempt(() -> connections.open(source), source.getName(), source.getUsername());
        source.tested(clock.instant(), result.ok(), result.message());
        sources.saveAndFlush(source);
        events.publishEvent(new DataSourceTested(id, source.getOwnerAreaId(), source.getName(), result.ok(), result.message(), Trace.capture(clock)));
        return result;
    }

    /** Tries unsaved values (the editor's "Test connection"); an empty password on an existing source uses the stored one. */
    @PreAuthorize("hasRole('ADMIN')")
    public ConnectionTest testDraft(DataSourceDraft draft, UUID existingId) {
        validate(draft);
        String password = draft.password();
        if ((password == null || password.isEmpty()) && existingId != null) {
            password = sources.findById(existingId).map(DataSource::getPasswordSealed).map(secrets::decrypt).orElse(null);
        }
        String secret = password;
        String username = draft.username() == null || draft.username().isBlank() ? null : draft.username().strip();
        return attempt(() -> connections.open(draft.jdbcUrl().strip(), draft.driverClass().strip(), username, secret),
                draft.name(), username);
    }

    private interface Opener {
        Connection open() throws SQLException;
    }

    /** Connects, and reports an account too powerful for people's queries: a failure, or a warning when the policy only reports. */
    private ConnectionTest attempt(Opener opener, String sourceName, String username) {
        long start = System.nanoTime();
        try (Connection connection = opener.open()) {
            if (!connection.isValid(DataSourceConnections.LOGIN_TIMEOUT_SECONDS)) {
                return new ConnectionTest(false, "The database did not answer within " + DataSourceConnections.LOGIN_TIMEOUT_SECONDS + " s", elapsed(start));
            }
            DatabaseMetaData meta = connection.getMetaData();
            List<String> privileges = DataSourceConnections.privileges(connection, SqlDialect.of(meta.getURL()));
            long millis = elapsed(start);
            String connected = "Connected to " + meta.getDatabaseProductName() + " " + meta.getDatabaseProductVersion() + " in " + millis + " ms";
            if (!privileges.isEmpty()) {
                String refusal = DataSourceConnections.refusal(sourceName, username, privileges);
                return connections.policy() == DataSourceConnections.PrivilegedAccounts.REFUSE
                        ? new ConnectionTest(false, connected + ", but refused: " + refusal, millis)
                        : new ConnectionTest(true, connected + ". Warning: " + refusal, millis);
            }
            return new ConnectionTest(true, connected + " with a least-privilege account", millis);
        } catch (SQLException e) {
            return new ConnectionTest(false, "Connection failed: " + io.esteira.shared.errors.SqlErrors.connectionFailure(e), elapsed(start));
        } catch (InvalidRequestException e) {
            return new ConnectionTest(false, e.getMessage(), elapsed(start));
        }
    }

    private String sealed(String password) {
        return password == null || password.isEmpty() ? null : secrets.encrypt(password);
    }

    private static long elapsed(long start) {
        return (System.nanoTime() - start) / 1_000_000;
    }

    private DataSource readable(UUID id) {
        DataSource source = sources.findById(id).orElseThrow(() -> new NotFoundException("data source", id));
        if (source.getOwnerAreaId() != null) {
            access.requireRead(source.getOwnerAreaId(), "data source", id);
        }
        return source;
    }

    private void validate(DataSourceDraft draft) {
        Validation.check(validator, draft, "data source");
        urlPolicy.check(draft.jdbcUrl());
        DataSourceConnections.driver(draft.driverClass().strip());
        if (draft.ownerAreaId() != null && !access.canRead(draft.ownerAreaId())) {
            throw new InvalidRequestException("ownerAreaId", "There is no such area");
        }
    }

    private void apply(DataSource source, DataSourceDraft draft) {
        source.change(draft.name(), draft.description(), draft.jdbcUrl(), draft.driverClass(), draft.username(),
                draft.classification(), draft.ownerAreaId(), clock.instant());
    }

    /** Owner names; area names are public, and another area's sources are never shown anyway. */
    private Map<UUID, String> areaNames() {
        return areas.names();
    }

    private static DataSourceSummary summary(DataSource s, Map<UUID, String> areaNames) {
        return new DataSourceSummary(s.getId(), s.getName(), s.getDescription(), s.getJdbcUrl(), s.getDriverClass(),
                s.getUsername(), s.getPasswordSealed() != null, s.getClassification(), s.getOwnerAreaId(),
                s.getOwnerAreaId() == null ? null : areaNames.getOrDefault(s.getOwnerAreaId(), "another area"),
                s.getLastTestAt(), s.getLastTestOk(), s.getLastTestMessage(), s.getVersion(), s.getWriteUsername());
    }
}
