package io.esteira.features;

import io.esteira.areas.AreaAccess;
import io.esteira.areas.AreaService;
import io.esteira.features.FeatureEvents.SourceAccessChanged;
import io.esteira.features.FeatureEvents.SourceAccessRequestChanged;
import io.esteira.features.domain.DataSource;
import io.esteira.features.domain.DataSources;
import io.esteira.features.domain.SourceAccessRequest;
import io.esteira.features.domain.SourceAccessRequest.Kind;
import io.esteira.features.domain.SourceAccessRequest.State;
import io.esteira.features.domain.SourceAccessRequests;
import io.esteira.features.domain.SourceColumnClasses;
import io.esteira.features.domain.SourceGrant;
import io.esteira.features.domain.SourceGrants;
import io.esteira.shared.ForbiddenException;
import io.esteira.shared.InvalidRequestException;
import io.esteira.shared.NotFoundException;
import io.esteira.shared.Trace;
import io.esteira.shared.Validation;
import io.esteira.shared.security.CurrentUser;
import io.esteira.shared.security.SignedInUser;
import jakarta.validation.Validator;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.data.domain.Page;
import org.springframework.data.domain.PageRequest;
import org.springframework.data.domain.Pageable;
import org.springframework.data.domain.Sort;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Access requests for data sources: what a refused query needed, asked for where the refusal is
 * read. A grant on a platform-wide source is decided by an administrator and becomes a grant;
 * columns an administrator classified as personal data of an area are decided by that area's
 * manager, as in the feature store. The requester never decides their own request; every step is
 * audited. Columns a feature group classifies are asked for in the feature store, on the group.
 */
@Service
@Transactional(readOnly = true)
@PreAuthorize("isAuthenticated()")
public class DataAccessRequests {

    private static final String NAME = "[A-Za-z_][A-Za-z0-9_$]{0,119}";

    private final SourceAccessRequests requests;
    private final DataSources sources;
    private final SourceGrants grants;
    private final SourceColumnClasses classes;
    private final AreaAccess access;
    private final AreaService areas;
    private final Validator validator;
    private final ApplicationEventPublisher events;
    private final Clock clock;

    DataAccessRequests(SourceAccessRequests requests, DataSources sources, SourceGrants grants, SourceColumnClasses classes,
            AreaAccess access, AreaService areas, Validator validator, ApplicationEventPublisher events, Clock clock) {
        this.requests = requests;
        this.sources = sources;
        this.grants = grants;
        this.classes = classes;
        this.access = access;
        this.areas = areas;
        this.validator = validator;
        this.events = events;
        this.clock = clock;
    }

    @Transactional
    public DataAccessRequestView request(UUID sourceId, DataAccessRequestDraft draft) {
        Validation.check(validator, draft, "access request");
        DataSource source = sources.findById(sourceId).orElseThrow(() -> new NotFoundException("data source", sourceId));
        access.requireAct(draft.areaId(), "area", draft.areaId());
        if (source.getOwnerAreaId() != null && !access.canRead(source.getOwnerAreaId())) {
            throw NotFoundException.denied("data source", sourceId); // another area's own source: not even its name
        }
        String schema = draft.schema().strip();
        String table = draft.table() == null || draft.table().isBlank() ? SourceGrant.EVERY_TABLE : draft.table().strip();
        Map<String, String> errors = new LinkedHashMap<>();
        if (!schema.equals(SourceGrant.EVERY_SCHEMA) && !schema.matches(NAME)) {
            errors.put("schema", "A schema name is letters, digits and _ (or * for every schema)");
        }
        if (!table.equals(SourceGrant.EVERY_TABLE) && !table.matches(NAME)) {
            errors.put("table", "A table name is letters, digits and _ (or empty for every table)");
        }
        if (!errors.isEmpty()) {
            throw new InvalidRequestException("The request cannot be made", errors);
        }
        UUID owner = null;
        List<String> columns = List.of();
        if (draft.kind() == DataAccessRequestDraft.Kind.GRANT) {
            if (source.getOwnerAreaId() != null) {
                throw new InvalidRequestException("kind", source.getName() + " belongs to one area, which alone queries it");
            }
            if (schema.equals(SourceGrant.EVERY_SCHEMA) && !table.equals(SourceGrant.EVERY_TABLE)) {
                throw new InvalidRequestException("schema", "Name the schema of " + table);
            }
            String wantedTable = table.equals(SourceGrant.EVERY_TABLE) ? null : table; // null: every table, which only such a grant covers
            if (grants.findBySourceIdAndAreaIdIn(sourceId, Set.of(draft.areaId())).stream()
                    .anyMatch(g -> schema.equals(SourceGrant.EVERY_SCHEMA) ? g.coversAll() : g.covers(schema, wantedTable))) {
                throw new InvalidRequestException("schema", areas.names().get(draft.areaId()) + " may query this already");
            }
        } else {
            if (schema.equals(SourceGrant.EVERY_SCHEMA) || table.equals(SourceGrant.EVERY_TABLE)) {
                throw new InvalidRequestException("table", "Name the schema and table of the columns");
            }
            if (draft.columns() == null || draft.columns().isEmpty()) {
                throw new InvalidRequestException("columns", "Name the personal-data columns you need");
            }
            columns = draft.columns().stream().map(c -> c.strip().toLowerCase(Locale.ROOT)).distinct().toList();
            Map<String, UUID> classified = new LinkedHashMap<>();
            classes.findBySourceIdOrderBySchemaNameAscTableNameAscColumnNameAsc(sourceId).stream()
                    .filter(c -> c.getSchemaName().equalsIgnoreCase(schema) && c.getTableName().equalsIgnoreCase(table))
                    .forEach(c -> classified.put(c.getColumnName().toLowerCase(Locale.ROOT), c.getOwnerAreaId()));
            Set<UUID> owners = new LinkedHashSet<>();
            for (String column : columns) {
                if (!classified.containsKey(column)) {
                    throw new InvalidRequestException("columns", schema + "." + table + "." + column
                            + " is not classified as personal data by an administrator" + (classified.isEmpty() ? ""
                                    : "; those of " + table + " are " + String.join(", ", classified.keySet())));
                }
                owners.add(classified.get(column));
            }
            if (owners.size() > 1) {
                throw new InvalidRequestException("columns", "Those columns are personal data of different areas: ask each area apart");
            }
            owner = owners.iterator().next();
            if (owner.equals(draft.areaId())) {
                throw new InvalidRequestException("columns", "They are your area's own personal data: it reads them already");
            }
        }
        Kind kind = Kind.valueOf(draft.kind().name());
        if (requests.existsBySourceIdAndRequesterAreaIdAndKindAndSchemaNameAndTableNameAndState(sourceId, draft.areaId(), kind, schema,
                table, State.REQUESTED)) {
            throw new InvalidRequestException("schema", areas.names().get(draft.areaId()) + " has a request for this waiting already; "
                    + "wait for its decision");
        }
        SignedInUser user = CurrentUser.require();
        SourceAccessRequest request = requests.saveAndFlush(new SourceAccessRequest(sourceId, kind, draft.areaId(), owner, schema, table,
                columns, draft.justification().strip(), user.username(), user.displayName(), clock.instant()));
        DataAccessRequestView view = view(request, source, areas.names());
        events.publishEvent(new SourceAccessRequestChanged(request.getId(), draft.areaId(), source.getName(), "requested",
                Map.of("source", source.getName(), "what", view.what(), "justification", request.getJustification()), Trace.capture(clock)));
        return view;
    }

    /**
     * The requests the caller sees, newest first: every one for an administrator; otherwise those of
     * their areas and those asking for their areas' personal data.
     */
    public Page<DataAccessRequestView> page(Pageable pageable) {
        Pageable sorted = PageRequest.of(Math.max(0, pageable.getPageNumber()), Math.min(Math.max(1, pageable.getPageSize()), 200),
                Sort.by(Sort.Direction.DESC, "requestedAt"));
        Map<UUID, String> names = areas.names();
        Map<UUID, String> sourceNames = new java.util.HashMap<>();
        Page<SourceAccessRequest> page;
        if (CurrentUser.require().isPlatformAdmin()) {
            page = requests.findAll(sorted);
        } else {
            Set<UUID> mine = access.readableAreaIds();
            if (mine.isEmpty()) {
                return Page.empty(sorted);
            }
            page = requests.findByRequesterAreaIdInOrOwnerAreaIdIn(mine, mine, sorted);
        }
        return page.map(r -> view(r, sources.findById(r.getSourceId()).orElse(null), names));
    }

    public DataAccessRequestView get(UUID id) {
        SourceAccessRequest request = visible(id);
        return view(request, sources.findById(request.getSourceId()).orElse(null), areas.names());
    }

    @Transactional
    public DataAccessRequestView approve(UUID id, String comment) {
        return decide(id, State.APPROVED, comment);
    }

    @Transactional
    public DataAccessRequestView reject(UUID id, String comment) {
        return decide(id, State.REJECTED, comment);
    }

    /** Withdraws an approval: the grant it made is removed, or the columns are read no more. */
    @Transactional
    public DataAccessRequestView revoke(UUID id, String comment) {
        return decide(id, State.REVOKED, comment);
    }

    private DataAccessRequestView decide(UUID id, State decision, String comment) {
        SourceAccessRequest request = visible(id);
        DataSource source = sources.findById(request.getSourceId()).orElseThrow(() -> new NotFoundException("access request", id));
        SignedInUser user = CurrentUser.require();
        if (!mayDecide(request, user)) {
            throw new ForbiddenException(request.getKind() == Kind.GRANT ? "Only an administrator decides who queries a data source"
                    : "Only a manager of " + areas.names().getOrDefault(request.getOwnerAreaId(), "the owning area")
                            + " decides who reads its personal data");
        }
        if (user.username().equals(request.getRequestedBy())) {
            throw new ForbiddenException("You asked for this access, so someone else decides it");
        }
        FeatureAccess.requireComment(comment);
        try {
            request.decide(decision, user.username(), user.displayName(), comment.strip(), clock.instant());
        } catch (IllegalStateException e) {
            throw new InvalidRequestException("state", e.getMessage());
        }
        requests.saveAndFlush(request);
        Map<UUID, String> names = areas.names();
        if (request.getKind() == Kind.GRANT && decision == State.APPROVED) {
            SourceGrant.Key key = new SourceGrant.Key(source.getId(), request.getRequesterAreaId(), request.getSchemaName(), request.getTableName());
            if (grants.findById(key).isEmpty()) {
                grants.saveAndFlush(new SourceGrant(source.getId(), request.getRequesterAreaId(), request.getSchemaName(),
                        request.getTableName(), user.username(), clock.instant()));
                events.publishEvent(new SourceAccessChanged(source.getId(), source.getName(), "granted", Map.of("area",
                        names.get(request.getRequesterAreaId()), "schema", request.getSchemaName(), "table", request.getTableName(),
                        "request", request.getId().toString()), Trace.capture(clock)));
            }
        } else if (request.getKind() == Kind.GRANT && decision == State.REVOKED) {
            grants.findById(new SourceGrant.Key(source.getId(), request.getRequesterAreaId(), request.getSchemaName(), request.getTableName()))
                    .ifPresent(g -> {
                        grants.delete(g);
                        events.publishEvent(new SourceAccessChanged(source.getId(), source.getName(), "grant-revoked", Map.of("area",
                                names.get(request.getRequesterAreaId()), "schema", g.getSchemaName(), "table", g.getTableName(),
                                "request", request.getId().toString()), Trace.capture(clock)));
                    });
        }
        DataAccessRequestView view = view(request, source, names);
        events.publishEvent(new SourceAccessRequestChanged(request.getId(), request.getRequesterAreaId(), source.getName(),
                decision.name().toLowerCase(Locale.ROOT), Map.of("source", source.getName(), "what", view.what(), "comment", comment.strip()),
                Trace.capture(clock)));
        return view;
    }

    private SourceAccessRequest visible(UUID id) {
        SourceAccessRequest request = requests.findById(id).orElseThrow(() -> new NotFoundException("access request", id));
        if (!access.canRead(request.getRequesterAreaId()) && !access.canRead(request.getOwnerAreaId())
                && !CurrentUser.require().isPlatformAdmin()) {
            throw NotFoundException.denied("access request", id);
        }
        return request;
    }

    private boolean mayDecide(SourceAccessRequest request, SignedInUser user) {
        return request.getKind() == Kind.GRANT ? user.isPlatformAdmin() : access.canManage(request.getOwnerAreaId());
    }

    private DataAccessRequestView view(SourceAccessRequest r, DataSource source, Map<UUID, String> names) {
        SignedInUser user = CurrentUser.require();
        boolean mayDecide = mayDecide(r, user) && !user.username().equals(r.getRequestedBy())
                && (r.getState() == State.REQUESTED || r.getState() == State.APPROVED);
        return new DataAccessRequestView(r.getId(), r.getSourceId(), source == null ? "?" : source.getName(),
                DataAccessRequestDraft.Kind.valueOf(r.getKind().name()), r.getRequesterAreaId(), names.getOrDefault(r.getRequesterAreaId(), "?"),
                r.getOwnerAreaId(), r.getOwnerAreaId() == null ? null : names.getOrDefault(r.getOwnerAreaId(), "?"), r.getSchemaName(),
                r.getTableName(), new ArrayList<>(r.columnList()), r.getJustification(), r.getState().name(), r.getRequestedBy(),
                r.getRequestedByName(), r.getRequestedAt(), r.getDecidedByName(), r.getDecidedAt(), r.getDecisionComment(),
                r.getKind() == Kind.GRANT ? "an administrator" : "a manager of " + names.getOrDefault(r.getOwnerAreaId(), "?"), mayDecide);
    }
}
