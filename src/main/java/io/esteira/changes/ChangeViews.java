package io.esteira.changes;

import io.esteira.areas.AreaService;
import io.esteira.changes.domain.ChangeDecision;
import io.esteira.changes.domain.ChangeDecisions;
import io.esteira.changes.domain.ChangeRequest;
import io.esteira.shared.Formats;
import io.esteira.shared.security.Role;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.springframework.stereotype.Component;

/** Change requests as screens and the API show them: with their area's name, the current round's decisions and what is still needed. */
@Component
class ChangeViews {

    private final AreaService areas;
    private final ChangeDecisions decisions;
    private final Duration approvalValidity;
    private final Clock clock;

    ChangeViews(AreaService areas, ChangeDecisions decisions, CountedApprovals approvals, Clock clock) {
        this.areas = areas;
        this.decisions = decisions;
        this.approvalValidity = approvals.validity();
        this.clock = clock;
    }

    ChangeRequestView view(ChangeRequest change) {
        return views(List.of(change)).getFirst();
    }

    List<ChangeRequestView> views(List<ChangeRequest> found) {
        if (found.isEmpty()) {
            return List.of();
        }
        Map<UUID, String> areaNames = areas.names();
        Map<UUID, List<ChangeDecision>> byChange = decisions.findByChangeIdInOrderByDecidedAt(found.stream().map(ChangeRequest::getId).toList())
                .stream().collect(Collectors.groupingBy(ChangeDecision::getChangeId));
        Instant now = clock.instant();
        return found.stream().map(c -> {
            List<ChangeDecision> current = byChange.getOrDefault(c.getId(), List.of()).stream().filter(d -> d.getRound() == c.getRound()).toList();
            List<ChangeRequestView.Decision> shown = current.stream().map(d -> {
                boolean reviewer = d.getDecision() == ChangeDecision.Kind.APPROVED;
                Instant expires = reviewer ? d.getDecidedAt().plus(approvalValidity) : null;
                boolean counts = d.getDecision() == ChangeDecision.Kind.POLICY || (reviewer && now.isBefore(expires)
                        && c.getState() != ChangeState.EXPIRED);
                return new ChangeRequestView.Decision(d.getReviewerName(), d.getReviewerId(), d.kinds(), d.getDecision().name(), d.getComment(),
                        d.getDecidedAt(), expires, counts);
            }).toList();
            return new ChangeRequestView(c.getId(), c.getAreaId(), areaNames.getOrDefault(c.getAreaId(), "?"), c.getSubjectType(),
                    c.getSubjectId(), c.getSubjectLabel(), c.getSubjectLink(), c.getRiskTier(), c.getAuthorIds(), c.getEnvironment(),
                    c.isEmergencyRequested(), c.getType(), c.getTypeReason(), c.getReclassifiedBy(), c.getJustification(), c.getWindowStart(),
                    c.getWindowEnd(), c.getRollbackPlan(), c.getState(), c.getRequesterId(), c.getRequesterName(), c.getSubmittedAt(),
                    c.getWaitingSince(), c.getApprovedAt(), c.getValidUntil(), c.getImplementedAt(), c.getImplementationNote(),
                    c.getReviewDueAt(), c.getReviewedAt(), shown, stillNeeded(c, current, now), c.getRowVersion());
        }).toList();
    }

    private String stillNeeded(ChangeRequest c, List<ChangeDecision> current, Instant now) {
        return switch (c.getState()) {
            case SUBMITTED -> {
                Map<UUID, Set<Role>> byPerson = new LinkedHashMap<>();
                current.stream().filter(d -> d.getDecision() == ChangeDecision.Kind.APPROVED && now.isBefore(d.getDecidedAt().plus(approvalValidity)))
                        .forEach(d -> byPerson.computeIfAbsent(d.getReviewerId(), k -> EnumSet.noneOf(Role.class))
                                .addAll(d.kinds().stream().map(Role::valueOf).toList()));
                yield ChangePolicy.need(c.getType(), List.copyOf(byPerson.values())).inWords();
            }
            case APPROVED -> "To be implemented" + (c.getValidUntil() == null ? "" : " before " + c.getValidUntil());
            case REVIEW_DUE -> "A review after implementation by an independent reviewer, due by " + Formats.dateTime(c.getReviewDueAt());
            default -> "";
        };
    }
}
