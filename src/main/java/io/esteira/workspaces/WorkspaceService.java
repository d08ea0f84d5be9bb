package io.esteira.workspaces;

import io.esteira.areas.AreaAccess;
import io.esteira.areas.AreaService;
import io.esteira.areas.AreaSummary;
import io.esteira.costs.CostEstimate;
import io.esteira.costs.CostEstimates;
import io.esteira.costs.CostQuote;
import io.esteira.costs.CostQuotes;
import io.esteira.costs.Held;
import io.esteira.costs.RateCard;
import io.esteira.costs.Rates;
import io.esteira.costs.ResourceShape;
import io.esteira.costs.UsageLedger;
import io.esteira.shared.ForbiddenException;
import io.esteira.shared.InvalidRequestException;
import io.esteira.shared.Money;
import io.esteira.shared.NotFoundException;
import io.esteira.shared.Trace;
import io.esteira.shared.Validation;
import io.esteira.shared.security.CurrentUser;
import io.esteira.shared.security.SignedInUser;
import io.esteira.workspaces.WorkspaceEvents.WorkspaceExtended;
import io.esteira.workspaces.WorkspaceEvents.WorkspaceOpened;
import io.esteira.workspaces.WorkspaceLifecycle.Operation;
import io.esteira.workspaces.domain.QuotaUse;
import io.esteira.workspaces.domain.Template;
import io.esteira.workspaces.domain.Templates;
import io.esteira.workspaces.domain.Workspace;
import io.esteira.workspaces.domain.WorkspaceSize;
import io.esteira.workspaces.domain.WorkspaceSizes;
import io.esteira.workspaces.domain.WorkspaceState;
import io.esteira.workspaces.domain.Workspaces;
import io.esteira.workspaces.provisioning.NotebookPaths;
import io.esteira.workspaces.provisioning.ProvisioningException;
import jakarta.validation.Validator;
import java.math.BigDecimal;
import java.net.URI;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.data.domain.Page;
import org.springframework.data.domain.PageImpl;
import org.springframework.data.domain.PageRequest;
import org.springframework.data.domain.Sort;
import org.springframework.data.domain.Pageable;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** The workspaces module's facade for the people who use workspaces, through the UI and the API. */
@Service
@Transactional(readOnly = true)
@PreAuthorize("isAuthenticated()")
public class WorkspaceService {

    private static final SecureRandom RANDOM = new SecureRandom();
    static final Set<String> SORTABLE = Set.of("name", "ownerName", "templateName", "state", "createdAt", "stateChangedAt");

    private final Workspaces workspaces;
    private final Templates templates;
    private final WorkspaceSizes sizes;
    private final WorkspaceQuotas quotas;
    private final WorkspaceLifecycle lifecycle;
    private final AreaAccess access;
    private final AreaService areas;
    private final RateCard rateCard;
    private final UsageLedger ledger;
    private final CostEstimates estimates;
    private final CostQuotes quotes;
    private final Validator validator;
    private final ApplicationEventPublisher events;
    private final Pattern allowedGit;
    private final List<String> gitSchemes;
    private final int maxExtensions;
    private final java.nio.file.Path dataDir;
    private final NotebookHosts notebookHosts;
    private final Clock clock;

    WorkspaceService(Workspaces workspaces, Templates templates, WorkspaceSizes sizes, WorkspaceQuotas quotas,
            WorkspaceLifecycle lifecycle, AreaAccess access, AreaService areas, RateCard rateCard, UsageLedger ledger,
            CostEstimates estimates, CostQuotes quotes, Validator validator, ApplicationEventPublisher events,
            @Value("${esteira.workspaces.git-schemes:https,ssh}") List<String> gitSchemes,
            @Value("${esteira.workspaces.max-extensions:3}") int maxExtensions,
            @Value("${esteira.data-dir}") java.nio.file.Path dataDir, NotebookHosts notebookHosts, Clock clock) {
        this.clock = clock;
        this.notebookHosts = notebookHosts;
        this.dataDir = dataDir.toAbsolutePath().normalize();
        this.gitSchemes = List.copyOf(gitSchemes);
        this.maxExtensions = maxExtensions;
        this.workspaces = workspaces;
        this.templates = templates;
        this.sizes = sizes;
        this.quotas = quotas;
        this.lifecycle = lifecycle;
        this.access = access;
        this.areas = areas;
        this.rateCard = rateCard;
        this.estimates = estimates;
        this.quotes = quotes;
        this.ledger = ledger;
        this.validator = validator;
        this.events = events;
        String schemes = String.join("|", gitSchemes.stream().map(Pattern::quote).toList());
        this.allowedGit = Pattern.compile("^(?:(?:" + schemes + ")://[^\\s'\"\\\\]+|git@[\\w.-]+:[\\w./-]+)$");
    }

    /** The area's workspaces, newest first unless sorted by one of {@link #SORTABLE}. */
    public Page<WorkspaceSummary> list(UUID areaId, String filter, Pageable pageable) {
        access.requireRead(areaId, "area", areaId);
        Sort sort = pageable.getSort().stream().allMatch(o -> SORTABLE.contains(o.getProperty())) && pageable.getSort().isSorted()
                ? pageable.getSort() : Sort.by(Sort.Direction.DESC, "createdAt");
        Page<Workspace> page = workspaces.search(areaId, filter == null ? "" : filter.strip(),
                PageRequest.of(pageable.getPageNumber(), pageable.getPageSize(), sort));
        java.util.Currency currency = currencyOf(areaId);
        Map<UUID, BigDecimal> costs = costs(areaId, currency, page.getContent().stream().map(Workspace::getId).toList());
        return new PageImpl<>(page.getContent().stream().map(w -> summary(w, costs, currency)).toList(), pageable,
                page.getTotalElements());
    }

    public long count(UUID areaId) {
        access.requireRead(areaId, "area", areaId);
        return workspaces.countLive(areaId);
    }

    public WorkspaceSummary get(UUID id) {
        Workspace w = readable(id);
        java.util.Currency currency = currencyOf(w.getAreaId());
        return summary(w, costs(w.getAreaId(), currency, List.of(id)), currency);
    }

    /** The size catalogue, smallest first: what workspaces and training runs may hold. */
    public List<SizeOption> sizes() {
        return sizes.findAllByOrderBySortOrder().stream().map(TemplateCatalogue::option).toList();
    }

    /** A folder of a workspace's notebooks on the portal's machine: for a training job whose code is there. */
    public record NotebookFolder(UUID workspaceId, UUID areaId, String workspace, java.nio.file.Path path) {
    }

    /**
     * The notebooks folder of a workspace on the portal's machine (the {@code local} provisioner), to its owner
     * or an administrator; another area's people are told it is not found.
     */
    public NotebookFolder notebookFolder(UUID id) {
        Workspace w = readable(id);
        SignedInUser user = CurrentUser.require();
        if (!w.getOwnerId().equals(user.userId()) && !user.isPlatformAdmin()) {
            throw new ForbiddenException("Only " + w.getOwnerName() + " and administrators can use the files of " + w.getName());
        }
        if (!io.esteira.workspaces.provisioning.local.LocalJupyterProvisioner.KIND.equals(w.getProvisioner())) {
            throw new InvalidRequestException("workspace", w.getName() + " does not run on the portal's machine; its files are not here");
        }
        return new NotebookFolder(w.getId(), w.getAreaId(), w.getName(), dataDir.resolve("workspaces").resolve(w.getId().toString())
                .resolve("notebooks"));
    }

    /** The templates the caller may use in the area, with whether each can run here now. */
    public List<TemplateSummary> catalogue(UUID areaId) {
        access.requireRead(areaId, "area", areaId);
        SignedInUser user = CurrentUser.require();
        return templates.findByActiveTrueOrderByName().stream()
                .filter(t -> t.allowsArea(areaId))
                .filter(t -> t.getRoles().isEmpty() || user.roles().stream().anyMatch(r -> t.getRoles().contains(r.name())))
                .map(this::templateSummary)
                .toList();
    }

    /**
     * The hourly and monthly price of a size in the area, by the function that bills it, and what is left of the
     * area's budget this month after it: budget − the month's forecast − what it adds if left on until the month ends.
     */
    public Pricing price(UUID areaId, String sizeCode) {
        CostQuote quote = quote(areaId, sizeCode);
        java.util.Currency currency = java.util.Currency.getInstance(quote.currency());
        return new Pricing(new Money(quote.hourly(), currency), new Money(quote.monthly(), currency), new Money(quote.budget(), currency),
                new Money(quote.forecast(), currency), new Money(quote.thisMonth(), currency), new Money(quote.remaining(), currency),
                quote.overBudget() ? quote.policy().name() : null);
    }

    /** The quote behind {@link #price}, in the rating's own precision, as the cost panels show it. */
    public CostQuote quote(UUID areaId, String sizeCode) {
        access.requireRead(areaId, "area", areaId);
        AreaSummary area = areas.get(areaId);
        WorkspaceSize size = size(sizeCode);
        Rates rates = rateCard.ratesFor(areaId, area.monthlyBudget().currency());
        ResourceShape shape = new ResourceShape(size.getVcpu(), size.getMemoryGib(), size.getGpuType(), size.getGpuCount(), size.getDiskGib());
        if (!rates.prices(shape)) {
            throw new InvalidRequestException("size", "The rate card has no price for " + size.getGpuType() + " GPUs");
        }
        // the quote by the function the hourly ledger bills with: compute while running, plus the disk
        return quotes.running(areaId, Held.computeAndDisk(shape), true);
    }

    /** What the caller would exceed by asking for this size in the area now; empty when it fits. */
    public List<String> quotaProblems(UUID areaId, String sizeCode) {
        access.requireRead(areaId, "area", areaId);
        return quotas.problems(areaId, CurrentUser.require().userId(), size(sizeCode));
    }

    /** What is wrong with a git address, or empty when it can be cloned; the wizard and create use the same rule. */
    public Optional<String> gitRepositoryProblem(String git) {
        if (git == null || git.isBlank()) {
            return Optional.empty();
        }
        String address = git.strip();
        if (!allowedGit.matcher(address).matches()) {
            return Optional.of("Give an " + String.join(" or ", gitSchemes.stream().map(s -> s + "://").toList()) + " address, or git@host:path");
        }
        if (!address.startsWith("git@")) {
            try {
                String userInfo = new URI(address).getRawUserInfo();
                if (userInfo != null && !(address.startsWith("ssh://") && userInfo.equals("git"))) {
                    return Optional.of("Leave user names and tokens out of the address; the workspace clones without credentials");
                }
            } catch (java.net.URISyntaxException e) {
                return Optional.of("Not a valid address");
            }
        }
        return Optional.empty();
    }

    public boolean nameTaken(UUID areaId, String name) {
        access.requireRead(areaId, "area", areaId);
        return workspaces.existsByAreaIdAndLiveNameIgnoreCase(areaId, name);
    }

    @Transactional
    public WorkspaceSummary create(WorkspaceRequest request) {
        Validation.check(validator, request, "workspace");
        access.requireAct(request.areaId(), "area", request.areaId());
        SignedInUser user = requirePerson();
        Template template = templates.findById(request.templateId())
                .filter(Template::isActive)
                .filter(t -> t.allowsArea(request.areaId()))
                .orElseThrow(() -> new InvalidRequestException("templateId", "This template is not offered in this area"));
        if (!template.getRoles().isEmpty() && user.roles().stream().noneMatch(r -> template.getRoles().contains(r.name()))) {
            throw new InvalidRequestException("templateId", "This template is for " + String.join(", ", template.getRoles()) + " only");
        }
        var availability = lifecycle.provisioners().availability(template.getProvisioner());
        if (!availability.available()) {
            throw new InvalidRequestException("templateId", "This template cannot run now: " + availability.message());
        }
        if (!template.getSizeCodes().contains(request.sizeCode())) {
            throw new InvalidRequestException("sizeCode", "The template " + template.getName() + " does not offer size " + request.sizeCode());
        }
        WorkspaceSize size = size(request.sizeCode());
        int lifetime = request.maxLifetimeHours() == null ? template.getMaxLifetimeHours() : request.maxLifetimeHours();
        if (lifetime > template.getMaxLifetimeHours()) {
            throw new InvalidRequestException("maxLifetimeHours", "At most " + template.getMaxLifetimeHours() + " hours for this template");
        }
        int idle = request.idleTimeoutMinutes() == null ? template.getIdleTimeoutMinutes() : request.idleTimeoutMinutes();
        String git = request.gitRepository() == null || request.gitRepository().isBlank() ? null : request.gitRepository().strip();
        gitRepositoryProblem(git).ifPresent(problem -> {
            throw new InvalidRequestException("gitRepository", problem);
        });
        if (workspaces.existsByAreaIdAndLiveNameIgnoreCase(request.areaId(), request.name())) {
            throw new InvalidRequestException("name", "There is already a workspace named " + request.name() + " in this area");
        }
        AreaSummary area = areas.get(request.areaId());
        if (!area.active()) {
            throw new InvalidRequestException("areaId", area.name() + " is closed; workspaces cannot start there");
        }
        quotas.lockAndCheck(request.areaId(), user.userId(), size);
        // the area's policy for requests over budget: REFUSE throws (audited, nothing stored), WARN goes on with the warning
        Optional<String> overBudget = quotes.enforce(request.areaId(), Held.computeAndDisk(shape(size)), "This workspace", request.name());
        Workspace w = new Workspace(request.areaId(), area.code(), request.name(), user.userId(), user.username(),
                user.displayName(), template, size, idle, lifetime, git, newToken(), clock.instant());
        Trace trace = Trace.capture(clock);
        try {
            workspaces.saveAndFlush(w);
        } catch (DataIntegrityViolationException e) {
            throw new InvalidRequestException("name", "There is already a workspace named " + request.name() + " in this area");
        }
        events.publishEvent(new WorkspaceEvents.WorkspaceStateChanged(w.getId(), w.getAreaId(), w.getName(),
                w.getOwnerUsername(), null, WorkspaceState.REQUESTED.name(), template.getName() + " · " + size.getCode()
                + ", idle stop " + idle + " min, lifetime " + lifetime + " h" + (git == null ? "" : ", clones " + git)
                + overBudget.map(warning -> "; " + warning).orElse(""), trace));
        lifecycle.afterCommit(w.getId(), Operation.PROVISION, trace);
        return summary(w, Map.of(), area.monthlyBudget().currency());
    }

    @Transactional
    public WorkspaceSummary start(UUID id) {
        Workspace w = ownedForChange(id);
        if (w.getState() != WorkspaceState.STOPPED && w.getState() != WorkspaceState.FAILED) {
            throw new InvalidRequestException("state", "Only a stopped or failed workspace can be started; " + w.getName() + " is " + w.getState().label().toLowerCase());
        }
        requireAvailable(w);
        requirePerson();
        if (!areas.get(w.getAreaId()).active()) {
            throw new InvalidRequestException("state", "The area is closed; workspaces cannot start there");
        }
        WorkspaceSize size = size(w.getSizeCode());
        quotas.lockAndCheck(w.getAreaId(), w.getOwnerId(), size);
        // its disk is held (and forecast) already: starting adds its compute
        Optional<String> overBudget = quotes.enforce(w.getAreaId(), Held.compute(shape(size)), "Starting " + w.getName(), w.getName());
        // a fresh token at every start: whoever held the old one loses it
        w.rotateToken(newToken());
        Trace trace = Trace.capture(clock);
        lifecycle.transition(w, WorkspaceState.STARTING, overBudget.orElse(null), trace);
        lifecycle.afterCommit(id, Operation.START, trace);
        return get(id);
    }

    @Transactional
    public WorkspaceSummary stop(UUID id) {
        Workspace w = ownedForChange(id);
        if (w.getState() != WorkspaceState.RUNNING) {
            throw new InvalidRequestException("state", "Only a running workspace can be stopped; " + w.getName() + " is " + w.getState().label().toLowerCase());
        }
        Trace trace = Trace.capture(clock);
        lifecycle.transition(w, WorkspaceState.STOPPING, "stopped by " + trace.actor(), trace);
        lifecycle.afterCommit(id, Operation.STOP, trace);
        return get(id);
    }

    @Transactional
    public void delete(UUID id) {
        Workspace w = ownedForChange(id);
        if (w.getState() == WorkspaceState.DELETING || w.getState() == WorkspaceState.DELETED) {
            return;
        }
        if (w.getState() == WorkspaceState.STOPPING) {
            throw new InvalidRequestException("state", "Wait until " + w.getName() + " has stopped, then delete it");
        }
        Trace trace = Trace.capture(clock);
        lifecycle.transition(w, WorkspaceState.DELETING, "deleted by " + trace.actor(), trace);
        lifecycle.afterCommit(id, Operation.DELETE, trace);
    }

    /** Gives a running workspace a fresh maximum lifetime from now. */
    @Transactional
    public WorkspaceSummary extend(UUID id) {
        Workspace w = ownedForChange(id);
        if (w.getState() != WorkspaceState.RUNNING) {
            throw new InvalidRequestException("state", "Only a running workspace can be extended");
        }
        requirePerson();
        if (w.getExtensions() >= maxExtensions) {
            throw new InvalidRequestException("state", w.getName() + " was already extended " + maxExtensions
                    + " times since it started; stop it and start it again for a new lifetime");
        }
        Instant now = clock.instant();
        Instant lastActivity = w.getLastActivityAt();
        w.renewLifetime(now);
        w.extended();
        w.recordActivity(lastActivity, w.getBusyKernels());
        workspaces.saveAndFlush(w);
        events.publishEvent(new WorkspaceExtended(id, w.getAreaId(), w.getName(), w.getExpiresAt().toString(), Trace.capture(clock)));
        return get(id);
    }

    /**
     * Where the owner (or an administrator) opens the notebook: its path on the portal,
     * {@code /workspaces/{id}/lab/}, which the portal authorises and, when notebooks have hosts of their own
     * ({@link NotebookHosts}), hands over to the workspace's notebook host with a one-time ticket; otherwise the portal's
     * proxy serves it there. No token: the proxy adds it upstream.
     */
    public URI open(UUID id) {
        Workspace w = openable(id);
        return URI.create(NotebookPaths.basePath(w.getId()));
    }

    /**
     * The notebook server of a running workspace, for the portal's proxy: to its owner, or to a
     * platform administrator of its area; another area's people get "not found", others of the area
     * "forbidden". With {@code audited}, the opening is recorded (the proxy does so once per session
     * and workspace), saying whether an administrator opened someone else's notebook.
     */
    @Transactional
    public NotebookRoute notebook(UUID id, boolean audited) {
        Workspace w = openable(id);
        if (w.getAddress() == null || w.getAddress().isBlank()) {
            throw new InvalidRequestException("state", w.getName() + " has no notebook server yet");
        }
        URI upstream = URI.create(w.getAddress());
        String basePath = NotebookPaths.basePath(w.getId());
        if (upstream.getRawPath() == null || !upstream.getRawPath().endsWith(basePath) || upstream.getRawQuery() != null
                || upstream.getRawUserInfo() != null || !List.of("http", "https").contains(upstream.getScheme())) {
            throw new InvalidRequestException("state", w.getName() + " was started before the portal served notebooks; start it again");
        }
        if (audited) {
            SignedInUser user = CurrentUser.require();
            boolean owner = w.getOwnerId().equals(user.userId());
            events.publishEvent(new WorkspaceOpened(id, w.getAreaId(), w.getName(), w.getOwnerUsername(),
                    owner ? "owner" : "administrator", Trace.capture(clock)));
        }
        return new NotebookRoute(w.getId(), w.getName(), upstream, w.getAccessToken());
    }

    /** A running workspace that the caller may open: its owner, or an administrator who may act in its area. */
    private Workspace openable(UUID id) {
        Workspace w = readable(id);
        SignedInUser user = requirePerson();
        boolean owner = w.getOwnerId().equals(user.userId());
        if (!owner && !(user.isPlatformAdmin() && access.canAct(w.getAreaId()))) {
            throw new ForbiddenException("Only " + w.getOwnerName() + " and administrators can open " + w.getName());
        }
        if (!owner && !notebookHosts.isolated()) {
            // only administrators get here: a script in someone else's notebook would run with their rights in the portal
            throw new ForbiddenException("Administrators cannot open other people's notebooks while notebooks are served on the "
                    + "portal's own address: a script in " + w.getOwnerName() + "'s notebook would act in the portal with your "
                    + "administrator rights. Serve each notebook on an address of its own (setting " + NotebookHosts.SETTING
                    + ", e.g. {workspace}.notebooks.your-bank.example with a wildcard DNS name and certificate) to open it.");
        }
        if (owner) {
            access.requireAct(w.getAreaId(), "workspace", id);
        }
        if (w.getState() != WorkspaceState.RUNNING) {
            throw new InvalidRequestException("state", w.getName() + " is " + w.getState().label().toLowerCase() + ", not running");
        }
        return w;
    }

    /** The last lines of the workspace's server log, with its token hidden; for the owner and administrators. */
    public String log(UUID id, int lines) {
        Workspace w = readable(id);
        SignedInUser user = CurrentUser.require();
        boolean owner = w.getOwnerId().equals(user.userId());
        if (!owner && !(user.isPlatformAdmin() && access.canAct(w.getAreaId()))) {
            throw new ForbiddenException("Only " + w.getOwnerName() + " and administrators can read the log of " + w.getName());
        }
        if (!owner) {
            events.publishEvent(new WorkspaceEvents.WorkspaceLogRead(id, w.getAreaId(), w.getName(), w.getOwnerUsername(), Trace.capture(clock)));
        }
        if (w.getRuntimeHandle() == null && w.getState() == WorkspaceState.REQUESTED) {
            return "(the workspace has not started yet)";
        }
        try {
            return lifecycle.provisioner(w).log(WorkspaceLifecycle.spec(w), WorkspaceLifecycle.ref(w), Math.max(1, Math.min(lines, 2000)))
                    .replace(w.getAccessToken(), "[token hidden]");
        } catch (ProvisioningException e) {
            return "(the log cannot be read: " + e.getMessage() + ")";
        }
    }

    private Workspace readable(UUID id) {
        Workspace w = workspaces.findById(id).filter(ws -> ws.getState() != WorkspaceState.DELETED)
                .orElseThrow(() -> new NotFoundException("workspace", id));
        access.requireRead(w.getAreaId(), "workspace", id);
        return w;
    }

    /** Workspaces are personal: their owner changes them, and administrators of the platform. */
    private Workspace ownedForChange(UUID id) {
        Workspace w = readable(id);
        access.requireAct(w.getAreaId(), "workspace", id);
        SignedInUser user = CurrentUser.require();
        if (!w.getOwnerId().equals(user.userId()) && !user.isPlatformAdmin()) {
            throw new ForbiddenException("Only " + w.getOwnerName() + " can change " + w.getName());
        }
        if (lifecycle.isInFlight(id) && w.getState() != WorkspaceState.RUNNING && w.getState() != WorkspaceState.STOPPED) {
            throw new InvalidRequestException("state", w.getName() + " is " + w.getState().label().toLowerCase() + "; wait until that step ends");
        }
        return w;
    }

    /** Workspaces are for people: a pipeline's service account may not hold or open one. */
    private static SignedInUser requirePerson() {
        SignedInUser user = CurrentUser.require();
        if (user.isPipeline()) {
            throw new ForbiddenException("Pipeline accounts cannot use workspaces");
        }
        return user;
    }

    private void requireAvailable(Workspace w) {
        var availability = lifecycle.provisioners().availability(w.getProvisioner());
        if (!availability.available()) {
            throw new InvalidRequestException("state", "This workspace cannot run now: " + availability.message());
        }
    }

    private WorkspaceSize size(String code) {
        return sizes.findById(code == null ? "" : code)
                .orElseThrow(() -> new InvalidRequestException("sizeCode", "There is no size " + code));
    }

    private Map<UUID, BigDecimal> costs(UUID areaId, java.util.Currency currency, List<UUID> ids) {
        try {
            return ledger.costSoFar(WorkspaceLifecycle.USAGE_SOURCE, ids, rateCard.ratesFor(areaId, currency), clock.instant());
        } catch (NotFoundException noRates) {
            return new HashMap<>();
        }
    }

    private java.util.Currency currencyOf(UUID areaId) {
        return areas.get(areaId).monthlyBudget().currency();
    }

    private WorkspaceSummary summary(Workspace w, Map<UUID, BigDecimal> costs, java.util.Currency currency) {
        SizeOption size = new SizeOption(w.getSizeCode(), w.getSizeCode(), w.getVcpu(), w.getMemoryGib(), w.getGpuType(),
                w.getGpuCount(), w.getDiskGib());
        UUID me = CurrentUser.get().map(SignedInUser::userId).orElse(null);
        return new WorkspaceSummary(w.getId(), w.getAreaId(), w.getName(), w.getOwnerId(), w.getOwnerName(),
                w.getTemplateId(), w.getTemplateName(), w.getProvisioner(), size, w.getState().name(), w.getStateReason(),
                w.getIdleTimeoutMinutes(), w.getMaxLifetimeHours(), w.getCreatedAt(), w.getStateChangedAt(),
                w.getLastActivityAt(), w.getBusyKernels(), w.getExpiresAt(), w.getLifetimeWarnedAt() != null,
                w.getGitRepository(), new Money(costs.getOrDefault(w.getId(), BigDecimal.ZERO), currency),
                w.getOwnerId().equals(me), w.getVersion());
    }

    TemplateSummary templateSummary(Template t) {
        return TemplateCatalogue.summary(t, sizes, lifecycle.provisioners());
    }

    private static String newToken() {
        byte[] bytes = new byte[24];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }


    private static ResourceShape shape(WorkspaceSize size) {
        return new ResourceShape(size.getVcpu(), size.getMemoryGib(), size.getGpuType(), size.getGpuCount(), size.getDiskGib());
    }
}
