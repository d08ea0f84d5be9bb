package io.esteira.areas;

import io.esteira.areas.AreaEvents.AreaChosen;
import io.esteira.areas.AreaEvents.AreaCreated;
import io.esteira.areas.AreaEvents.AreaUpdated;
import io.esteira.areas.AreaEvents.MemberAdded;
import io.esteira.areas.AreaEvents.MemberRemoved;
import io.esteira.areas.domain.Area;
import io.esteira.areas.domain.AreaSelection;
import io.esteira.areas.domain.AreaSelections;
import io.esteira.areas.domain.Areas;
import io.esteira.areas.domain.Membership;
import io.esteira.areas.domain.Memberships;
import io.esteira.shared.Changes;
import io.esteira.shared.InvalidRequestException;
import io.esteira.shared.Money;
import io.esteira.shared.NotFoundException;
import io.esteira.shared.Paging;
import io.esteira.shared.Trace;
import io.esteira.shared.Validation;
import io.esteira.shared.security.CurrentUser;
import io.esteira.shared.security.UserDirectory;
import io.esteira.shared.security.UserDirectory.Person;
import jakarta.validation.Validator;
import java.time.Clock;
import java.util.Comparator;
import java.util.Currency;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.data.domain.Page;
import org.springframework.data.domain.Pageable;
import org.springframework.orm.ObjectOptimisticLockingFailureException;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** The areas module's facade: read areas as the policy allows, and let administrators change them. */
@Service
@Transactional(readOnly = true)
public class AreaService {

    private final Areas areas;
    private final Memberships memberships;
    private final AreaSelections selections;
    private final AreaAccess access;
    private final UserDirectory users;
    private final Validator validator;
    private final ApplicationEventPublisher events;
    private final Clock clock;

    AreaService(Areas areas, Memberships memberships, AreaSelections selections, AreaAccess access,
            UserDirectory users, Validator validator, ApplicationEventPublisher events, Clock clock) {
        this.clock = clock;
        this.areas = areas;
        this.memberships = memberships;
        this.selections = selections;
        this.access = access;
        this.users = users;
        this.validator = validator;
        this.events = events;
    }

    /** The caller's areas: those the policy lets them read, by name. */
    public List<AreaSummary> myAreas() {
        return areas.findByIdInOrderByName(access.readableAreaIds()).stream().map(this::summary).toList();
    }

    public AreaSummary get(UUID areaId) {
        access.requireRead(areaId, "area", areaId);
        return summary(load(areaId));
    }

    public List<MemberSummary> members(UUID areaId) {
        access.requireRead(areaId, "area", areaId);
        return memberships.findByAreaId(areaId).stream()
                .map(this::member)
                .sorted(Comparator.comparing(MemberSummary::username))
                .toList();
    }

    /** The roles a person holds in each area, by area id; used when they sign in. */
    public Map<UUID, AreaRole> rolesOf(UUID userId) {
        Map<UUID, AreaRole> roles = new LinkedHashMap<>();
        memberships.findByUserId(userId).forEach(m -> roles.put(m.getAreaId(), m.getRole()));
        return roles;
    }

    /** Names and codes of every area, for filters of platform-wide screens (audit). */
    @PreAuthorize("hasAnyRole('REVIEWER','ADMIN')")
    public List<AreaRef> directory() {
        return areas.findAllByOrderByName().stream().map(a -> new AreaRef(a.getId(), a.getCode(), a.getName())).toList();
    }

    public record AreaRef(UUID id, String code, String name) {
    }

    /** Every area's name by id: public knowledge, e.g. the domain of a published feature group. */
    public Map<UUID, String> names() {
        Map<UUID, String> names = new LinkedHashMap<>();
        areas.findAllByOrderByName().forEach(a -> names.put(a.getId(), a.getName()));
        return names;
    }

    @PreAuthorize("hasRole('ADMIN')")
    public Page<AreaSummary> list(String filter, Pageable pageable) {
        return areas.search(filter == null ? "" : filter.strip(), Paging.orderedBy(pageable, "code")).map(this::summary);
    }

    @PreAuthorize("hasRole('ADMIN')")
    public long count() {
        return areas.count();
    }

    @PreAuthorize("hasRole('ADMIN')")
    @Transactional
    public AreaSummary create(AreaDraft draft) {
        validate(draft);
        if (areas.existsByCode(draft.code())) {
            throw new InvalidRequestException("code", "An area with code " + draft.code() + " already exists");
        }
        Area area = areas.save(new Area(draft.code(), draft.name(), draft.costCenter(), draft.monthlyBudget(),
                draft.currency(), draft.active(), clock.instant()));
        events.publishEvent(new AreaCreated(area.getId(), area.getCode(), area.getName(), Trace.capture(clock)));
        return summary(area);
    }

    @PreAuthorize("hasRole('ADMIN')")
    @Transactional
    public AreaSummary update(UUID areaId, AreaDraft draft, long expectedVersion) {
        validate(draft);
        Area area = load(areaId);
        if (area.getVersion() != expectedVersion) {
            throw new ObjectOptimisticLockingFailureException(Area.class, areaId);
        }
        if (!area.getCode().equals(draft.code())) {
            throw new InvalidRequestException("code", "The code of an area cannot change");
        }
        Changes changes = new Changes()
                .field("name", area.getName(), draft.name().strip())
                .field("costCenter", area.getCostCenter(), draft.costCenter().strip())
                .field("monthlyBudget", area.getBudgetAmount().stripTrailingZeros().toPlainString(),
                        draft.monthlyBudget().stripTrailingZeros().toPlainString())
                .field("currency", area.getBudgetCurrency(), draft.currency())
                .field("active", area.isActive(), draft.active());
        if (changes.isEmpty()) {
            return summary(area);
        }
        area.change(draft.name(), draft.costCenter(), draft.monthlyBudget(), draft.currency(), draft.active(), clock.instant());
        areas.saveAndFlush(area);
        events.publishEvent(new AreaUpdated(areaId, changes.asMap(), Trace.capture(clock)));
        return summary(area);
    }

    @PreAuthorize("hasRole('ADMIN')")
    @Transactional
    public MemberSummary addMember(UUID areaId, UUID userId, AreaRole role) {
        load(areaId);
        Person person = users.find(userId).orElseThrow(() -> new InvalidRequestException("user", "No such user"));
        Membership membership = memberships.findByAreaIdAndUserId(areaId, userId)
                .orElseGet(() -> new Membership(areaId, userId, role, clock.instant()));
        membership.changeRole(role);
        memberships.save(membership);
        events.publishEvent(new MemberAdded(areaId, userId, person.username(), role, Trace.capture(clock)));
        return member(membership);
    }

    @PreAuthorize("hasRole('ADMIN')")
    @Transactional
    public void removeMember(UUID areaId, UUID userId) {
        Membership membership = memberships.findByAreaIdAndUserId(areaId, userId)
                .orElseThrow(() -> new NotFoundException("membership", userId));
        memberships.delete(membership);
        String username = users.find(userId).map(Person::username).orElse(userId.toString());
        events.publishEvent(new MemberRemoved(areaId, userId, username, Trace.capture(clock)));
    }

    /**
     * Makes a person's memberships match what their identity provider says (area code to role),
     * at sign-in. Areas the provider names but the portal does not know are ignored.
     */
    @Transactional
    public void syncMemberships(UUID userId, String username, Map<String, AreaRole> rolesByAreaCode, Trace trace) {
        Map<UUID, AreaRole> wanted = new LinkedHashMap<>();
        rolesByAreaCode.forEach((code, role) -> areas.findByCode(code).ifPresent(a -> wanted.put(a.getId(), role)));
        for (Membership existing : memberships.findByUserId(userId)) {
            if (!wanted.containsKey(existing.getAreaId())) {
                memberships.delete(existing);
                events.publishEvent(new MemberRemoved(existing.getAreaId(), userId, username, trace));
            }
        }
        wanted.forEach((areaId, role) -> {
            Optional<Membership> existing = memberships.findByAreaIdAndUserId(areaId, userId);
            if (existing.map(m -> m.getRole() != role).orElse(true)) {
                Membership m = existing.orElseGet(() -> new Membership(areaId, userId, role, clock.instant()));
                m.changeRole(role);
                memberships.save(m);
                events.publishEvent(new MemberAdded(areaId, userId, username, role, trace));
            }
        });
    }

    /** The area the caller works in: the one last chosen if still allowed, else the first of theirs. */
    public Optional<AreaSummary> currentArea() {
        var user = CurrentUser.get();
        if (user.isEmpty()) {
            return Optional.empty();
        }
        Set<UUID> readable = access.readableAreaIds();
        Optional<UUID> chosen = selections.findById(user.get().userId()).map(AreaSelection::getAreaId)
                .filter(readable::contains);
        if (chosen.isPresent()) {
            return areas.findById(chosen.get()).map(this::summary);
        }
        return myAreas().stream().filter(AreaSummary::active).findFirst();
    }

    @Transactional
    public void chooseArea(UUID areaId) {
        var user = CurrentUser.require();
        access.requireRead(areaId, "area", areaId);
        AreaSelection selection = selections.findById(user.userId()).orElseGet(() -> new AreaSelection(user.userId(), areaId));
        if (Objects.equals(selection.getAreaId(), areaId) && selections.existsById(user.userId())) {
            return;
        }
        selection.choose(areaId);
        selections.save(selection);
        events.publishEvent(new AreaChosen(areaId, user.userId(), Trace.capture(clock)));
    }

    private Area load(UUID areaId) {
        return areas.findById(areaId).orElseThrow(() -> new NotFoundException("area", areaId));
    }

    private void validate(AreaDraft draft) {
        Validation.check(validator, draft, "area");
        try {
            if (Currency.getInstance(draft.currency()).getDefaultFractionDigits() < 0) {
                throw new InvalidRequestException("currency", draft.currency() + " is not a currency of payment");
            }
        } catch (IllegalArgumentException e) {
            throw new InvalidRequestException("currency", draft.currency() + " is not an ISO 4217 currency");
        }
    }

    private AreaSummary summary(Area area) {
        List<String> managers = memberships.findByAreaIdAndRole(area.getId(), AreaRole.MANAGER).stream()
                .map(m -> users.find(m.getUserId()).map(Person::displayName).orElse("?"))
                .sorted()
                .toList();
        return new AreaSummary(area.getId(), area.getCode(), area.getName(), area.getCostCenter(),
                new Money(area.getBudgetAmount(), Currency.getInstance(area.getBudgetCurrency())), area.isActive(),
                managers, (int) memberships.countByAreaId(area.getId()), area.getVersion());
    }

    private MemberSummary member(Membership m) {
        Person person = users.find(m.getUserId())
                .orElse(new Person(m.getUserId(), m.getUserId().toString(), "(unknown user)", false, null));
        return new MemberSummary(m.getAreaId(), m.getUserId(), person.username(), person.displayName(), m.getRole());
    }
}
