package io.esteira.workspaces;

import io.esteira.shared.Changes;
import io.esteira.shared.InvalidRequestException;
import io.esteira.shared.NotFoundException;
import io.esteira.shared.Paging;
import io.esteira.shared.Trace;
import io.esteira.shared.Validation;
import io.esteira.shared.security.Role;
import io.esteira.workspaces.ReconciliationReport.Orphan;
import io.esteira.workspaces.WorkspaceEvents.OrphanRemoved;
import io.esteira.workspaces.WorkspaceEvents.QuotaChanged;
import io.esteira.workspaces.WorkspaceEvents.TemplateSaved;
import io.esteira.workspaces.domain.Quota;
import io.esteira.workspaces.domain.Quota.Limits;
import io.esteira.workspaces.domain.Quotas;
import io.esteira.workspaces.domain.Template;
import io.esteira.workspaces.domain.Templates;
import io.esteira.workspaces.domain.WorkspaceSizes;
import io.esteira.workspaces.provisioning.Provisioner;
import io.esteira.workspaces.provisioning.RuntimeInstance;
import io.esteira.workspaces.provisioning.RuntimeRef;
import jakarta.validation.Validator;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.stream.Collectors;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.data.domain.Page;
import org.springframework.data.domain.Pageable;
import org.springframework.orm.ObjectOptimisticLockingFailureException;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** What platform administrators manage: the template catalogue, quotas, and runtimes nobody owns. */
@Service
@Transactional(readOnly = true)
@PreAuthorize("hasRole('ADMIN')")
public class WorkspaceAdministration {

    private final Templates templates;
    private final WorkspaceSizes sizes;
    private final Quotas quotas;
    private final WorkspaceQuotas workspaceQuotas;
    private final Provisioners provisioners;
    private final WorkspaceHousekeeping housekeeping;
    private final Validator validator;
    private final ApplicationEventPublisher events;
    private final Clock clock;

    WorkspaceAdministration(Templates templates, WorkspaceSizes sizes, Quotas quotas, WorkspaceQuotas workspaceQuotas,
            Provisioners provisioners, WorkspaceHousekeeping housekeeping, Validator validator,
            ApplicationEventPublisher events, Clock clock) {
        this.clock = clock;
        this.templates = templates;
        this.sizes = sizes;
        this.quotas = quotas;
        this.workspaceQuotas = workspaceQuotas;
        this.provisioners = provisioners;
        this.housekeeping = housekeeping;
        this.validator = validator;
        this.events = events;
    }

    public Page<TemplateSummary> templates(String filter, Pageable pageable) {
        return templates.search(filter == null ? "" : filter.strip(), Paging.orderedBy(pageable, "name"))
                .map(t -> TemplateCatalogue.summary(t, sizes, provisioners));
    }

    public TemplateSummary template(UUID id) {
        return TemplateCatalogue.summary(load(id), sizes, provisioners);
    }

    public List<SizeOption> sizes() {
        return sizes.findAllByOrderBySortOrder().stream().map(TemplateCatalogue::option).toList();
    }

    public List<String> provisionerKinds() {
        return provisioners.kinds();
    }

    @Transactional
    public TemplateSummary createTemplate(TemplateDraft draft) {
        validate(draft);
        if (templates.existsByNameIgnoreCase(draft.name().strip())) {
            throw new InvalidRequestException("name", "A template named " + draft.name().strip() + " already exists");
        }
        Template t = new Template(draft.name(), clock.instant());
        apply(t, draft);
        try {
            templates.saveAndFlush(t);
        } catch (DataIntegrityViolationException e) {
            throw new InvalidRequestException("name", "A template named " + draft.name().strip() + " already exists");
        }
        events.publishEvent(new TemplateSaved(t.getId(), t.getName(), true, Map.of("name", t.getName(),
                "provisioner", t.getProvisioner(), "image", t.getImage(), "sizes", sorted(t.getSizeCodes())), Trace.capture(clock)));
        return template(t.getId());
    }

    @Transactional
    public TemplateSummary updateTemplate(UUID id, TemplateDraft draft, long expectedVersion) {
        validate(draft);
        Template t = load(id);
        if (t.getVersion() != expectedVersion) {
            throw new ObjectOptimisticLockingFailureException(Template.class, id);
        }
        if (!t.getName().equalsIgnoreCase(draft.name().strip()) && templates.existsByNameIgnoreCase(draft.name().strip())) {
            throw new InvalidRequestException("name", "A template named " + draft.name().strip() + " already exists");
        }
        Changes changes = new Changes()
                .field("name", t.getName(), draft.name().strip())
                .field("description", t.getDescription(), draft.description().strip())
                .field("image", t.getImage(), draft.image().strip())
                .field("provisioner", t.getProvisioner(), draft.provisioner())
                .field("sizes", sorted(t.getSizeCodes()), sorted(draft.sizeCodes()))
                .field("areas", sorted(t.getAreaIds().stream().map(UUID::toString).collect(Collectors.toSet())),
                        sorted(draft.areaIds().stream().map(UUID::toString).collect(Collectors.toSet())))
                .field("roles", sorted(t.getRoles()), sorted(draft.roles().stream().map(Role::name).collect(Collectors.toSet())))
                .field("idleTimeoutMinutes", t.getIdleTimeoutMinutes(), draft.idleTimeoutMinutes())
                .field("maxLifetimeHours", t.getMaxLifetimeHours(), draft.maxLifetimeHours())
                .field("active", t.isActive(), draft.active());
        if (changes.isEmpty()) {
            return template(id);
        }
        apply(t, draft);
        templates.saveAndFlush(t);
        events.publishEvent(new TemplateSaved(id, t.getName(), false, changes.asMap(), Trace.capture(clock)));
        return template(id);
    }

    public QuotaLimits quota(UUID areaId) {
        return toRecord(areaId, workspaceQuotas.limitsOf(areaId));
    }

    @Transactional
    public QuotaLimits updateQuota(QuotaLimits limits) {
        Validation.check(validator, limits, "quota");
        Quota quota = workspaceQuotas.rowOf(limits.areaId());
        Limits before = quota.limits();
        Limits after = new Limits(limits.areaWorkspaces(), limits.areaVcpu(), limits.areaGpus(), limits.userWorkspaces(),
                limits.userVcpu(), limits.userGpus());
        Changes changes = new Changes()
                .field("areaWorkspaces", before.areaWorkspaces(), after.areaWorkspaces())
                .field("areaVcpu", before.areaVcpu(), after.areaVcpu())
                .field("areaGpus", before.areaGpus(), after.areaGpus())
                .field("userWorkspaces", before.userWorkspaces(), after.userWorkspaces())
                .field("userVcpu", before.userVcpu(), after.userVcpu())
                .field("userGpus", before.userGpus(), after.userGpus());
        if (!changes.isEmpty()) {
            quota.change(after);
            quotas.saveAndFlush(quota);
            events.publishEvent(new QuotaChanged(limits.areaId(), changes.asMap(), Trace.capture(clock)));
        }
        return quota(limits.areaId());
    }

    public ReconciliationReport lastReconciliation() {
        return housekeeping.lastReport();
    }

    @Transactional(propagation = org.springframework.transaction.annotation.Propagation.NOT_SUPPORTED)
    public ReconciliationReport reconcile() {
        return housekeeping.reconcile();
    }

    /** Stops and removes a runtime that reconciliation reported as owned by no workspace. */
    @Transactional
    public void removeOrphan(String orphanId) {
        Orphan orphan = housekeeping.lastReport().orphans().stream().filter(o -> o.id().equals(orphanId)).findFirst()
                .orElseThrow(() -> new NotFoundException("orphaned runtime", orphanId));
        Provisioner provisioner = provisioners.get(orphan.provisioner());
        String handle = orphanId.substring(orphan.provisioner().length() + 1);
        provisioner.remove(new RuntimeInstance(orphan.provisioner(), orphan.claimedWorkspaceId(), orphan.description(),
                new RuntimeRef(handle, null)));
        housekeeping.forgetOrphan(orphanId);
        events.publishEvent(new OrphanRemoved(orphan.provisioner(), orphan.description(), Trace.capture(clock)));
    }

    private void apply(Template t, TemplateDraft draft) {
        t.change(draft.name(), draft.description(), draft.image(), draft.provisioner(), draft.sizeCodes(), draft.areaIds(),
                draft.roles().stream().map(Role::name).collect(Collectors.toSet()), draft.idleTimeoutMinutes(),
                draft.maxLifetimeHours(), draft.active(), clock.instant());
    }

    private void validate(TemplateDraft draft) {
        Validation.check(validator, draft, "template");
        if (provisioners.find(draft.provisioner()).isEmpty()) {
            throw new InvalidRequestException("provisioner", "Pick one of " + String.join(", ", provisioners.kinds()));
        }
        Set<String> known = sizes.findAll().stream().map(s -> s.getCode()).collect(Collectors.toSet());
        List<String> unknown = draft.sizeCodes().stream().filter(c -> !known.contains(c)).sorted().toList();
        if (!unknown.isEmpty()) {
            throw new InvalidRequestException("sizeCodes", "Unknown sizes: " + String.join(", ", unknown));
        }
    }

    private Template load(UUID id) {
        return templates.findById(id).orElseThrow(() -> new NotFoundException("template", id));
    }

    private static String sorted(Set<String> values) {
        return String.join(",", new TreeSet<>(values));
    }

    private static QuotaLimits toRecord(UUID areaId, Limits l) {
        return new QuotaLimits(areaId, l.areaWorkspaces(), l.areaVcpu(), l.areaGpus(), l.userWorkspaces(), l.userVcpu(), l.userGpus());
    }
}
