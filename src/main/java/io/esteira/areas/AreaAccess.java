package io.esteira.areas;

import io.esteira.areas.domain.Areas;
import io.esteira.areas.domain.Membership;
import io.esteira.areas.domain.Memberships;
import io.esteira.shared.ForbiddenException;
import io.esteira.shared.NotFoundException;
import io.esteira.shared.security.CurrentUser;
import io.esteira.shared.security.Role;
import io.esteira.shared.security.SignedInUser;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * The one area-access policy. Members of an area act in it; managers read the areas they manage;
 * administrators act everywhere; an API token limited to an area never reaches beyond it.
 * Objects the caller may not read are reported as not found, so their existence does not leak.
 */
@Component
@Transactional(readOnly = true)
public class AreaAccess {

    private final Memberships memberships;
    private final Areas areas;

    AreaAccess(Memberships memberships, Areas areas) {
        this.memberships = memberships;
        this.areas = areas;
    }

    public boolean canRead(UUID areaId) {
        return areaId != null && (unscopedAdmin() || readableAreaIds().contains(areaId));
    }

    public boolean canAct(UUID areaId) {
        return areaId != null && (unscopedAdmin() || actableAreaIds().contains(areaId));
    }

    /** Managers of the area answer for it: its costs, and who outside it may read its personal data. */
    public boolean canManage(UUID areaId) {
        return areaId != null && CurrentUser.get().map(u -> limitToScope(u, rolesOf(u).entrySet().stream()
                .filter(e -> e.getValue() == AreaRole.MANAGER).map(Map.Entry::getKey).collect(Collectors.toSet()))
                .contains(areaId)).orElse(false);
    }

    /**
     * The one rule for reviewers: a reviewer of any kind (reviewer, model risk, governance) judges and watches every
     * area's objects, read-only, without being a member of it; a token limited to an area never does. Modules that show
     * reviewers what they judge (change requests, models, deployments, monitoring) ask here.
     */
    public static boolean readsEveryArea(SignedInUser user) {
        return user.areaScope() == null && REVIEWERS.stream().anyMatch(user::has);
    }

    /** {@link #readsEveryArea(SignedInUser)} for the signed-in user (false without one). */
    public static boolean readsEveryArea() {
        return CurrentUser.get().map(AreaAccess::readsEveryArea).orElse(false);
    }

    private static final Set<Role> REVIEWERS = Set.of(Role.REVIEWER, Role.RISK_REVIEWER, Role.GOVERNANCE_REVIEWER);

    private static boolean unscopedAdmin() {
        return CurrentUser.get().map(u -> u.isAdmin() && u.areaScope() == null).orElse(false);
    }

    /** @throws NotFoundException when the caller may not read the area's objects */
    public void requireRead(UUID areaId, String objectType, Object objectId) {
        if (!canRead(areaId)) {
            throw NotFoundException.denied(objectType, objectId);
        }
    }

    /** @throws NotFoundException when the caller may not even read it; ForbiddenException when read-only */
    public void requireAct(UUID areaId, String objectType, Object objectId) {
        requireRead(areaId, objectType, objectId);
        if (!canAct(areaId)) {
            throw new ForbiddenException("You may read but not change " + objectType + " " + objectId
                    + " in this area.");
        }
    }

    public Set<UUID> readableAreaIds() {
        return CurrentUser.get().map(this::readable).orElse(Set.of());
    }

    public Set<UUID> actableAreaIds() {
        return CurrentUser.get().map(this::actable).orElse(Set.of());
    }

    private Set<UUID> readable(SignedInUser user) {
        Set<UUID> ids = user.isAdmin() ? allAreaIds() : rolesOf(user).keySet();
        return limitToScope(user, ids);
    }

    private Set<UUID> actable(SignedInUser user) {
        Set<UUID> ids = user.isAdmin() ? allAreaIds()
                : rolesOf(user).entrySet().stream()
                        .filter(e -> e.getValue() == AreaRole.DATA_SCIENTIST)
                        .map(Map.Entry::getKey)
                        .collect(Collectors.toSet());
        return limitToScope(user, ids);
    }

    private Map<UUID, AreaRole> rolesOf(SignedInUser user) {
        return memberships.findByUserId(user.userId()).stream()
                .collect(Collectors.toMap(Membership::getAreaId, Membership::getRole));
    }

    private Set<UUID> allAreaIds() {
        return areas.findAllIds();
    }

    private static Set<UUID> limitToScope(SignedInUser user, Set<UUID> ids) {
        if (user.areaScope() == null) {
            return ids;
        }
        Set<UUID> scoped = new HashSet<>(ids);
        scoped.retainAll(Set.of(user.areaScope()));
        return scoped;
    }
}
