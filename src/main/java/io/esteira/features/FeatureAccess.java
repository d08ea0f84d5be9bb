package io.esteira.features;

import io.esteira.areas.AreaAccess;
import io.esteira.areas.AreaService;
import io.esteira.features.FeatureEvents.FeatureAccessDecided;
import io.esteira.features.FeatureEvents.FeatureAccessRequested;
import io.esteira.features.domain.AccessRequest;
import io.esteira.features.domain.AccessRequest.State;
import io.esteira.features.domain.AccessRequests;
import io.esteira.features.domain.FeatureGroup;
import io.esteira.features.domain.FeatureGroupVersion;
import io.esteira.features.domain.FeatureGroupVersions;
import io.esteira.features.domain.FeatureGroups;
import io.esteira.features.domain.Feature;
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
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Personal data stays with its area: members of another area read a group's personal-data features
 * only after that area's manager approved their area's request. Everything else of a published
 * group is open to everyone signed in. Requests and decisions are audited.
 */
@Service
@Transactional(readOnly = true)
@PreAuthorize("isAuthenticated()")
public class FeatureAccess {

    private final AccessRequests requests;
    private final FeatureGroups groups;
    private final FeatureGroupVersions versions;
    private final AreaAccess access;
    private final AreaService areas;
    private final Validator validator;
    private final ApplicationEventPublisher events;
    private final Clock clock;

    FeatureAccess(AccessRequests requests, FeatureGroups groups, FeatureGroupVersions versions, AreaAccess access, AreaService areas,
            Validator validator, ApplicationEventPublisher events, Clock clock) {
        this.clock = clock;
        this.requests = requests;
        this.groups = groups;
        this.versions = versions;
        this.access = access;
        this.areas = areas;
        this.validator = validator;
        this.events = events;
    }

    /** A feature as the policy sees it: its name and whether it is personal data. */
    public record Column(String name, boolean pii) {
    }

    /**
     * The features the caller may read of a group owned by {@code ownerAreaId}: those asked for, or
     * all readable ones when none are asked for.
     *
     * @throws ForbiddenException when a personal-data feature is asked for without approval
     * @throws InvalidRequestException when a feature does not exist, or nothing is readable
     */
    public List<String> readable(UUID groupId, UUID ownerAreaId, String groupName, List<Column> columns, List<String> wanted) {
        boolean own = access.canRead(ownerAreaId);
        Set<String> granted = own || columns.stream().noneMatch(Column::pii) ? Set.of() : granted(groupId);
        if (wanted == null || wanted.isEmpty()) {
            List<String> all = columns.stream().filter(c -> own || !c.pii() || granted.contains(c.name())).map(Column::name).toList();
            if (all.isEmpty()) {
                throw new InvalidRequestException("features", "No feature of " + groupName + " is readable without the owning area's approval");
            }
            return all;
        }
        List<String> result = new ArrayList<>();
        for (String name : new LinkedHashSet<>(wanted)) {
            Column column = columns.stream().filter(c -> c.name().equals(name)).findFirst()
                    .orElseThrow(() -> new InvalidRequestException("features", groupName + " has no feature " + name));
            if (column.pii() && !own && !granted.contains(name)) {
                throw new ForbiddenException(name + " is personal data of " + areas.names().getOrDefault(ownerAreaId, "another area")
                        + "; request access and wait for that area's approval");
            }
            result.add(name);
        }
        return result;
    }

    /**
     * As {@link #readable}, for work an area does rather than a person (a training job of the area): its own
     * groups in full, another area's personal-data features only with an approved request of this area.
     */
    List<String> readableByArea(UUID groupId, UUID ownerAreaId, UUID areaId, String groupName, List<Column> columns, List<String> wanted) {
        boolean own = ownerAreaId.equals(areaId);
        Set<String> granted = new HashSet<>();
        if (!own && columns.stream().anyMatch(Column::pii)) {
            requests.findByGroupIdAndStateAndRequesterAreaIdIn(groupId, State.APPROVED, Set.of(areaId))
                    .forEach(r -> granted.addAll(r.featureList()));
        }
        if (wanted == null || wanted.isEmpty()) {
            List<String> all = columns.stream().filter(c -> own || !c.pii() || granted.contains(c.name())).map(Column::name).toList();
            if (all.isEmpty()) {
                throw new InvalidRequestException("features", "No feature of " + groupName + " is readable without the owning area's approval");
            }
            return all;
        }
        List<String> result = new ArrayList<>();
        for (String name : new LinkedHashSet<>(wanted)) {
            Column column = columns.stream().filter(c -> c.name().equals(name)).findFirst()
                    .orElseThrow(() -> new InvalidRequestException("features", groupName + " has no feature " + name));
            if (column.pii() && !own && !granted.contains(name)) {
                throw new ForbiddenException(name + " is personal data of " + areas.names().getOrDefault(ownerAreaId, "another area")
                        + "; request access for " + areas.names().getOrDefault(areaId, "this area") + " and wait for that area's approval");
            }
            result.add(name);
        }
        return result;
    }

    /** Personal-data features of the group that an approved request lets one of the caller's areas read. */
    Set<String> granted(UUID groupId) {
        Set<UUID> mine = access.readableAreaIds();
        if (mine.isEmpty()) {
            return Set.of();
        }
        Set<String> granted = new HashSet<>();
        requests.findByGroupIdAndStateAndRequesterAreaIdIn(groupId, State.APPROVED, mine).forEach(r -> granted.addAll(r.featureList()));
        return granted;
    }

    @Transactional
    public AccessRequestView request(UUID groupId, AccessRequestDraft draft) {
        Validation.check(validator, draft, "access request");
        FeatureGroup group = published(groupId);
        access.requireAct(draft.areaId(), "area", draft.areaId());
        if (draft.areaId().equals(group.getAreaId())) {
            throw new InvalidRequestException("areaId", "Your area owns " + group.getName() + " and reads its personal data already");
        }
        Set<String> pii = piiFeatures(groupId);
        for (String f : draft.features()) {
            if (!pii.contains(f)) {
                throw new InvalidRequestException("features", f + " is not a personal-data feature of " + group.getName()
                        + (pii.isEmpty() ? "; it has none" : "; those are " + String.join(", ", pii)));
            }
        }
        if (requests.existsByGroupIdAndRequesterAreaIdAndState(groupId, draft.areaId(), State.REQUESTED)) {
            throw new InvalidRequestException("features", areaName(draft.areaId()) + " has a request for " + group.getName()
                    + " waiting already; wait for its decision");
        }
        SignedInUser user = CurrentUser.require();
        AccessRequest request = requests.saveAndFlush(new AccessRequest(groupId, group.getAreaId(), draft.areaId(),
                List.copyOf(new LinkedHashSet<>(draft.features())), draft.justification().strip(), user.username(), user.displayName(),
                clock.instant()));
        events.publishEvent(new FeatureAccessRequested(request.getId(), group.getAreaId(), group.getName(), areaName(draft.areaId()),
                request.featureList(), request.getJustification(), Trace.capture(clock)));
        return view(request, group);
    }

    @Transactional
    public AccessRequestView approve(UUID requestId, String comment) {
        return decide(requestId, State.APPROVED, comment);
    }

    @Transactional
    public AccessRequestView reject(UUID requestId, String comment) {
        return decide(requestId, State.REJECTED, comment);
    }

    /** Withdraws an approval; the requesting area reads the features no more. */
    @Transactional
    public AccessRequestView revoke(UUID requestId, String comment) {
        return decide(requestId, State.REVOKED, comment);
    }

    /** The group's requests: all of them for its owning area, the caller's own areas' otherwise. */
    public List<AccessRequestView> requestsFor(UUID groupId) {
        FeatureGroup group = groups.findById(groupId).orElseThrow(() -> new NotFoundException("feature group", groupId));
        boolean owner = access.canRead(group.getAreaId());
        Set<UUID> mine = access.readableAreaIds();
        return requests.findByGroupIdOrderByRequestedAtDesc(groupId).stream()
                .filter(r -> owner || mine.contains(r.getRequesterAreaId()))
                .map(r -> view(r, group)).toList();
    }

    /** Whether the caller may decide the group's requests: a manager of the owning area. */
    public boolean canDecide(UUID ownerAreaId) {
        return access.canManage(ownerAreaId);
    }

    private AccessRequestView decide(UUID requestId, State decision, String comment) {
        AccessRequest request = requests.findById(requestId).orElseThrow(() -> new NotFoundException("access request", requestId));
        FeatureGroup group = groups.findById(request.getGroupId()).orElseThrow();
        if (!access.canRead(request.getOwnerAreaId()) && !access.canRead(request.getRequesterAreaId())) {
            throw NotFoundException.denied("access request", requestId);
        }
        SignedInUser user = CurrentUser.require();
        if (!access.canManage(request.getOwnerAreaId())) {
            throw new ForbiddenException("Only a manager of " + areaName(request.getOwnerAreaId()) + " decides who reads its personal data");
        }
        if (user.username().equals(request.getRequestedBy())) {
            throw new ForbiddenException("You asked for this access, so someone else decides it");
        }
        requireComment(comment);
        try {
            request.decide(decision, user.username(), user.displayName(), comment.strip(), clock.instant());
        } catch (IllegalStateException e) {
            throw new InvalidRequestException("state", e.getMessage());
        }
        requests.saveAndFlush(request);
        events.publishEvent(new FeatureAccessDecided(request.getId(), group.getAreaId(), group.getName(),
                areaName(request.getRequesterAreaId()), request.featureList(), decision.name(), comment.strip(), Trace.capture(clock)));
        return view(request, group);
    }

    /** A decision on an access request says why, in at most 2,000 characters. */
    static void requireComment(String comment) {
        if (comment == null || comment.isBlank()) {
            throw new InvalidRequestException("comment", "Say why: a decision needs a comment");
        }
        if (comment.length() > 2000) {
            throw new InvalidRequestException("comment", "A comment has at most 2000 characters");
        }
    }

    private FeatureGroup published(UUID groupId) {
        FeatureGroup group = groups.findById(groupId).orElseThrow(() -> new NotFoundException("feature group", groupId));
        boolean visible = access.canRead(group.getAreaId()) || versions.findByGroupIdOrderByNumberDesc(groupId).stream()
                .anyMatch(v -> v.getStatus() != FeatureGroupVersion.Status.DRAFT);
        if (!visible) {
            throw NotFoundException.denied("feature group", groupId);
        }
        return group;
    }

    private Set<String> piiFeatures(UUID groupId) {
        Set<String> pii = new LinkedHashSet<>();
        versions.findByGroupIdOrderByNumberDesc(groupId).stream().filter(v -> v.getStatus() != FeatureGroupVersion.Status.DRAFT)
                .flatMap(v -> v.getFeatures().stream()).filter(Feature::isPii).map(Feature::getName).forEach(pii::add);
        return pii;
    }

    private AccessRequestView view(AccessRequest r, FeatureGroup group) {
        Map<UUID, String> names = areas.names();
        return new AccessRequestView(r.getId(), group.getId(), group.getName(), r.getOwnerAreaId(), names.getOrDefault(r.getOwnerAreaId(), "?"),
                r.getRequesterAreaId(), names.getOrDefault(r.getRequesterAreaId(), "?"), r.featureList(), r.getJustification(),
                r.getState().name(), r.getRequestedByName(), r.getRequestedAt(), r.getDecidedByName(), r.getDecidedAt(),
                r.getDecisionComment(), r.getRowVersion());
    }

    private String areaName(UUID id) {
        return areas.names().getOrDefault(id, "?");
    }
}
