package io.esteira.changes;

import io.esteira.areas.AreaAccess;
import io.esteira.changes.domain.ChangeDecision;
import io.esteira.changes.domain.ChangeRequest;
import io.esteira.changes.domain.ChangeRequests;
import io.esteira.shared.NotFoundException;
import io.esteira.shared.Paging;
import io.esteira.shared.security.CurrentUser;
import io.esteira.shared.security.Role;
import io.esteira.shared.security.SignedInUser;
import jakarta.persistence.criteria.Predicate;
import jakarta.persistence.criteria.Subquery;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.springframework.data.domain.Page;
import org.springframework.data.domain.Pageable;
import org.springframework.data.jpa.domain.Specification;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reading change requests: one, a subject's, the queue, a request's evidence and timeline, and what the
 * signed-in user may do with it. Requesters see the requests of their areas (others' are "not found");
 * reviewers see every area's.
 */
@Service
@Transactional(readOnly = true)
@PreAuthorize("isAuthenticated()")
public class ChangeQueries {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final ChangeRequests requests;
    private final SegregationOfDuties duties;
    private final ChangeViews views;
    private final ChangeTimeline timeline;
    private final SubjectDescriptions subjects;
    private final AreaAccess access;
    private final Duration approvalValidity;

    ChangeQueries(ChangeRequests requests, SegregationOfDuties duties, ChangeViews views, ChangeTimeline timeline, SubjectDescriptions subjects,
            AreaAccess access, CountedApprovals approvals) {
        this.requests = requests;
        this.duties = duties;
        this.views = views;
        this.timeline = timeline;
        this.subjects = subjects;
        this.access = access;
        this.approvalValidity = approvals.validity();
    }

    /** How long an approval counts. */
    @PreAuthorize("permitAll()")
    public Duration approvalValidity() {
        return approvalValidity;
    }

    /** @throws NotFoundException unless the signed-in user may read it */
    public ChangeRequestView get(UUID id) {
        return views.view(duties.readable(id));
    }

    /** Every request about a subject that the signed-in user may read, newest first (e.g. a model version's approval state). */
    public List<ChangeRequestView> forSubject(String subjectType, String subjectId) {
        List<ChangeRequest> found = requests.findBySubjectTypeAndSubjectIdOrderBySubmittedAtDesc(subjectType, subjectId).stream()
                .filter(c -> duties.mayRead(c, CurrentUser.require())).toList();
        return views.views(found);
    }

    /** Requests the signed-in user may read, narrowed by the filter; by default the longest waiting first. */
    public Page<ChangeRequestView> queue(ChangeQueueFilter filter, Pageable pageable) {
        SignedInUser me = CurrentUser.require();
        ChangeQueueFilter f = filter == null ? ChangeQueueFilter.all() : filter;
        Set<UUID> readableAreas = SegregationOfDuties.readsEveryArea(me) ? null : access.readableAreaIds();
        Specification<ChangeRequest> spec = (root, query, cb) -> {
            List<Predicate> where = new ArrayList<>();
            if (readableAreas != null) {
                where.add(readableAreas.isEmpty() ? cb.disjunction() : root.get("areaId").in(readableAreas));
            }
            if (!f.states().isEmpty()) {
                where.add(root.get("state").in(f.states()));
            }
            if (f.type() != null) {
                where.add(cb.equal(root.get("type"), f.type()));
            }
            if (f.areaId() != null) {
                where.add(cb.equal(root.get("areaId"), f.areaId()));
            }
            if (f.environment() != null) {
                where.add(cb.equal(root.get("environment"), f.environment()));
            }
            if (f.awaitingMe()) {
                Set<Role> kinds = SegregationOfDuties.deciderKinds(me);
                if (kinds.isEmpty()) {
                    where.add(cb.disjunction());
                } else {
                    where.add(root.get("state").in(ChangeState.SUBMITTED, ChangeState.REVIEW_DUE));
                    where.add(cb.or(kinds.stream().map(k -> cb.like(root.get("neededKinds"), "%," + k.name() + ",%")).toArray(Predicate[]::new)));
                    where.add(cb.notEqual(root.get("requesterId"), me.userId()));
                    where.add(cb.isNotMember(me.userId(), root.<Collection<UUID>>get("authorIds")));
                    Subquery<UUID> mine = query.subquery(UUID.class);
                    var d = mine.from(ChangeDecision.class);
                    mine.select(d.get("id")).where(cb.equal(d.get("changeId"), root.get("id")), cb.equal(d.get("round"), root.get("round")),
                            cb.equal(d.get("reviewerId"), me.userId()));
                    where.add(cb.or(cb.equal(root.get("state"), ChangeState.REVIEW_DUE), cb.not(cb.exists(mine))));
                }
            }
            return cb.and(where.toArray(Predicate[]::new));
        };
        Page<ChangeRequest> page = requests.findAll(spec, Paging.orderedBy(pageable, "waitingSince"));
        Map<UUID, ChangeRequestView> shown = views.views(page.getContent()).stream()
                .collect(Collectors.toMap(ChangeRequestView::id, Function.identity()));
        return page.map(c -> shown.get(c.getId()));
    }

    /** The evidence pack as it was submitted (or at the last edit). */
    public List<EvidenceSection> evidence(UUID id) {
        return JSON.readValue(duties.readable(id).getEvidence(), new TypeReference<List<EvidenceSection>>() { });
    }

    /** The request's timeline, oldest first. */
    public List<HistoryEntry> history(UUID id) {
        duties.readable(id);
        return timeline.of(id);
    }

    /** What the signed-in user may do with the request now, and why not. */
    public ChangeActions actions(UUID id) {
        SignedInUser me = CurrentUser.require();
        ChangeRequest change = duties.readable(id);
        return duties.actions(change, me);
    }

    /** The subject types that modules registered. */
    public Set<String> subjectTypes() {
        return subjects.subjectTypes();
    }
}
