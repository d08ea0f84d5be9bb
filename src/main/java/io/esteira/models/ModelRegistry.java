package io.esteira.models;

import static io.esteira.models.domain.StoredRecords.lineage;
import static io.esteira.models.domain.StoredRecords.metrics;
import static io.esteira.models.domain.StoredRecords.parameters;
import static io.esteira.models.domain.StoredRecords.signature;
import static io.esteira.models.domain.StoredRecords.thresholds;

import io.esteira.areas.AreaAccess;
import io.esteira.areas.AreaService;
import io.esteira.changes.EvidenceSection;
import io.esteira.features.FeatureGroupService;
import io.esteira.features.FeatureGroupView;
import io.esteira.models.ModelEvents.ModelAliasMoved;
import io.esteira.models.ModelEvents.ModelArtifactDownloaded;
import io.esteira.models.ModelEvents.ModelCreated;
import io.esteira.models.ModelEvents.ModelVersionRegistered;
import io.esteira.models.domain.ArtifactStore;
import io.esteira.models.domain.Model;
import io.esteira.models.domain.ModelAlias;
import io.esteira.models.domain.ModelAliases;
import io.esteira.models.domain.ModelVersion;
import io.esteira.models.domain.ModelVersions;
import io.esteira.models.domain.Models;
import io.esteira.models.domain.ThresholdRule;
import io.esteira.models.gates.Gate;
import io.esteira.models.gates.QualityGates;
import io.esteira.models.pipeline.EvidencePack;
import io.esteira.shared.AfterCommit;
import io.esteira.shared.ForbiddenException;
import io.esteira.shared.InvalidRequestException;
import io.esteira.shared.NotFoundException;
import io.esteira.shared.Paging;
import io.esteira.shared.Trace;
import io.esteira.shared.Validation;
import io.esteira.shared.security.CurrentUser;
import io.esteira.shared.security.Role;
import io.esteira.shared.security.SignedInUser;
import io.esteira.shared.security.UserDirectory;
import jakarta.validation.Validator;
import java.io.InputStream;
import java.net.URI;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.data.domain.Page;
import org.springframework.data.domain.PageRequest;
import org.springframework.data.domain.Pageable;
import org.springframework.data.domain.Sort;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.databind.json.JsonMapper;

/**
 * The model registry of the areas: models, their immutable versions, aliases and artifacts.
 * Members of an area register and move aliases (people with DATA_SCIENTIST, and the area's pipeline
 * tokens); managers of the area read; reviewers read every area's models, because they judge the
 * evidence. Everybody else is told "not found".
 */
@Service
@Transactional(readOnly = true)
@PreAuthorize("isAuthenticated()")
public class ModelRegistry {

    public static final long DEFAULT_MAX_ARTIFACT_BYTES = 200L * 1024 * 1024;
    private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");
    private static final Pattern ALIAS = Pattern.compile("[a-z][a-z0-9_-]{0,39}");
    private static final Pattern METRIC = Pattern.compile("[A-Za-z][A-Za-z0-9_.-]{0,79}");
    static final JsonMapper JSON = JsonMapper.builder().build();

    private final Models models;
    private final ModelVersions versions;
    private final ModelAliases aliases;
    private final ArtifactStore artifacts;
    private final AreaAccess access;
    private final AreaService areas;
    private final FeatureGroupService featureGroups;
    private final UserDirectory users;
    private final Validator validator;
    private final ApplicationEventPublisher events;
    private final QualityGates gates;
    private final long maxArtifactBytes;
    private final Clock clock;

    ModelRegistry(Models models, ModelVersions versions, ModelAliases aliases, ArtifactStore artifacts, AreaAccess access, AreaService areas,
            FeatureGroupService featureGroups, UserDirectory users, Validator validator, ApplicationEventPublisher events, QualityGates gates,
            @Value("${esteira.models.max-artifact-size:200MB}") org.springframework.util.unit.DataSize maxArtifactSize, Clock clock) {
        this.clock = clock;
        this.models = models;
        this.versions = versions;
        this.aliases = aliases;
        this.artifacts = artifacts;
        this.access = access;
        this.areas = areas;
        this.featureGroups = featureGroups;
        this.users = users;
        this.validator = validator;
        this.events = events;
        this.gates = gates;
        this.maxArtifactBytes = maxArtifactSize.toBytes();
    }

    // --- models

    @Transactional
    public ModelView create(ModelDraft draft) {
        Validation.check(validator, draft, "model");
        access.requireAct(draft.areaId(), "area", draft.areaId());
        if (models.findByAreaIdAndNameIgnoreCase(draft.areaId(), draft.name()).isPresent()) {
            throw new InvalidRequestException("name", "The area has a model named " + draft.name() + " already");
        }
        SignedInUser caller = CurrentUser.require();
        String ownerUsername = caller.username();
        String ownerName = caller.displayName();
        if (draft.owner() != null && !draft.owner().isBlank()) {
            UserDirectory.Person owner = users.findByUsername(draft.owner().strip())
                    .filter(UserDirectory.Person::enabled)
                    .orElseThrow(() -> new InvalidRequestException("owner", "There is no active user " + draft.owner().strip()));
            ownerUsername = owner.username();
            ownerName = owner.displayName();
        }
        List<Threshold> thresholds = draft.thresholds() == null ? List.of() : draft.thresholds();
        Set<String> metrics = new HashSet<>();
        for (Threshold t : thresholds) {
            if (!metrics.add(t.metric().toLowerCase(Locale.ROOT))) {
                throw new InvalidRequestException("thresholds", "The metric " + t.metric() + " has two thresholds");
            }
            if (!Double.isFinite(t.value())) {
                throw new InvalidRequestException("thresholds", "The threshold of " + t.metric() + " must be a number");
            }
        }
        Model model = new Model(draft.areaId(), draft.name(), draft.description() == null ? "" : draft.description().strip(),
                draft.useCase().strip(), draft.riskTier(), ownerUsername, ownerName, caller.actorName(),
                thresholds.stream().map(t -> new ThresholdRule(t.metric().toLowerCase(Locale.ROOT), t.operator(), t.value())).toList(), clock.instant());
        models.saveAndFlush(model);
        events.publishEvent(new ModelCreated(model.getId(), model.getAreaId(), model.getName(), model.getRiskTier(),
                String.join(", ", thresholds.stream().map(Threshold::toString).toList()), Trace.capture(clock)));
        return view(model);
    }

    /**
     * Models the caller may read, by name; {@code areaId} null: of every area the caller reads (all
     * of them for reviewers).
     */
    public Page<ModelSummary> list(UUID areaId, String text, Pageable pageable) {
        Set<UUID> readable = readableAreas();
        if (areaId != null) {
            readable.retainAll(Set.of(areaId));
        }
        if (readable.isEmpty()) {
            return Page.empty(pageable);
        }
        Map<UUID, String> names = areas.names();
        return models.search(readable, text == null ? "" : text.strip(), Paging.orderedBy(pageable, "name")).map(m -> summary(m, names));
    }

    public ModelView get(UUID modelId) {
        return view(readable(modelId));
    }

    /**
     * A model by name. Names are unique within an area: {@code areaId} picks the area when the caller
     * reads several areas with a model of that name (null: the only one there is).
     */
    public ModelView getByName(String name, UUID areaId) {
        return view(byName(name, areaId));
    }

    /** The id of a model by name, as {@link #getByName}. */
    public UUID idOf(String name, UUID areaId) {
        return byName(name, areaId).getId();
    }

    // --- versions

    /**
     * Registers the next version of a model. With an artifact its bytes are stored (at most
     * {@code esteira.models.max-artifact-size}) with their SHA-256; otherwise the metadata must name an
     * external {@code artifactUri}. The quality gates then run in the background.
     */
    @Transactional
    public VersionView register(UUID modelId, VersionMetadata metadata, InputStream artifact) {
        Model model = readable(modelId);
        requireAct(model);
        SignedInUser caller = CurrentUser.require();
        if (metadata == null) {
            throw new InvalidRequestException("metadata", "Send the version's metadata");
        }
        checkMetadata(metadata, artifact != null);
        model = models.lockById(modelId).orElseThrow();
        int number = versions.maxNumber(modelId) + 1;
        ModelVersion version = new ModelVersion(modelId, model.getAreaId(), number,
                artifact != null ? ModelVersion.Format.ONNX : ModelVersion.Format.EXTERNAL,
                artifact != null ? null : metadata.artifactUri().strip(),
                metadata.sha256() == null || metadata.sha256().isBlank() ? null : metadata.sha256().strip().toLowerCase(Locale.ROOT),
                JSON.writeValueAsString(metadata.signature()), JSON.writeValueAsString(orEmpty(metadata.metrics())),
                JSON.writeValueAsString(metadata.parameters() == null ? Map.of() : metadata.parameters()),
                JSON.writeValueAsString(metadata.lineage()),
                metadata.sampleRows() == null || metadata.sampleRows().isEmpty() ? null : JSON.writeValueAsString(metadata.sampleRows()),
                blankToNull(metadata.commit()), blankToNull(metadata.ciRunUrl()), metadata.modelCard() == null ? "" : metadata.modelCard(),
                caller.actorName(), caller.actorType().name(), caller.userId(), clock.instant());
        versions.saveAndFlush(version);
        if (artifact != null) {
            ArtifactStore.Stored stored;
            try {
                stored = artifacts.store(version.getId(), artifact, maxArtifactBytes);
            } catch (ArtifactStore.TooLarge e) {
                throw new InvalidRequestException("artifact", e.getMessage());
            }
            if (stored.size() == 0) {
                throw new InvalidRequestException("artifact", "The artifact is empty");
            }
            version.artifactStored(stored.size(), stored.sha256());
            versions.saveAndFlush(version);
        }
        events.publishEvent(new ModelVersionRegistered(modelId, version.getId(), model.getAreaId(), model.getName(), number,
                version.getFormat().name(), version.getSha256(), version.getSourceCommit(), Trace.capture(clock)));
        UUID versionId = version.getId();
        AfterCommit.run(() -> gates.start(versionId));
        return view(model, version);
    }

    public Page<VersionSummary> versions(UUID modelId, Pageable pageable) {
        Model model = readable(modelId);
        Map<Integer, List<String>> pointing = aliasesByNumber(model.getId());
        Pageable ordered = pageable.getSort().isSorted() ? pageable
                : PageRequest.of(pageable.getPageNumber(), pageable.getPageSize(), Sort.by(Sort.Direction.DESC, "number"));
        return versions.findByModelId(modelId, ordered).map(v -> new VersionSummary(v.getId(), v.getNumber(), v.getGatesState().name(),
                v.getRegisteredBy(), v.getRegisteredAt(), pointing.getOrDefault(v.getNumber(), List.of()), metrics(v),
                v.getFormat().name(), v.getArtifactSize()));
    }

    public VersionView version(UUID modelId, int number) {
        Model model = readable(modelId);
        return view(model, versions.findByModelIdAndNumber(modelId, number)
                .orElseThrow(() -> new NotFoundException("model version", model.getName() + "/" + number)));
    }

    /** A version by its id, e.g. the one a change request names. */
    public VersionView versionById(UUID versionId) {
        ModelVersion v = versions.findById(versionId).orElseThrow(() -> new NotFoundException("model version", versionId));
        return view(readable(v.getModelId()), v);
    }

    /** The latest version, if any. */
    public Optional<VersionView> latest(UUID modelId) {
        Model model = readable(modelId);
        return versions.findFirstByModelIdOrderByNumberDesc(modelId).map(v -> view(model, v));
    }

    /** The version in production. Until deployments exist: the version the {@code champion} alias points at. */
    public Optional<VersionView> production(UUID modelId) {
        Model model = readable(modelId);
        return aliases.find(modelId, ModelView.CHAMPION)
                .flatMap(a -> versions.findByModelIdAndNumber(modelId, a.getNumber()))
                .map(v -> view(model, v));
    }

    /**
     * A version's evidence pack for a change request about it (e.g. its deployment): its model card,
     * gate results, metrics against the version {@code comparedWithId} ({@code where} says what that
     * one is, e.g. "live on fraud-online"), or against the version in production when that is null,
     * its data lineage, and a link to it in the registry. Another module's subjects use it as the
     * model registry's own change requests do.
     *
     * @throws NotFoundException for a version of a model the caller may not read
     */
    public List<EvidenceSection> evidence(UUID versionId, UUID comparedWithId, String where) {
        VersionView v = versionById(versionId);
        Optional<VersionView> against = comparedWithId == null
                ? production(v.modelId()).filter(p -> p.number() != v.number())
                : Optional.of(versionById(comparedWithId)).filter(p -> !p.id().equals(v.id()));
        return EvidencePack.of(v, against, comparedWithId == null ? "in production" : where);
    }

    /** Points an alias (e.g. {@code champion}) at a version; audited with where it pointed before. */
    @Transactional
    public ModelView moveAlias(UUID modelId, String alias, int number) {
        Model model = readable(modelId);
        requireAct(model);
        String name = alias == null ? "" : alias.strip().toLowerCase(Locale.ROOT);
        if (!ALIAS.matcher(name).matches()) {
            throw new InvalidRequestException("alias", "An alias is lower-case letters, digits, - and _, starting with a letter, at most 40");
        }
        versions.findByModelIdAndNumber(modelId, number)
                .orElseThrow(() -> new InvalidRequestException("version", model.getName() + " has no version " + number));
        String who = CurrentUser.require().actorName();
        Optional<ModelAlias> existing = aliases.find(modelId, name);
        Integer from = existing.map(ModelAlias::getNumber).orElse(null);
        if (from != null && from == number) {
            return view(model);
        }
        ModelAlias moved = existing.orElseGet(() -> new ModelAlias(modelId, name, number, who, clock.instant()));
        moved.move(number, who, clock.instant());
        aliases.saveAndFlush(moved);
        events.publishEvent(new ModelAliasMoved(modelId, model.getAreaId(), model.getName(), name, from, number, Trace.capture(clock)));
        return view(model);
    }

    /** The artifact's bytes, for the caller to stream; the download is audited. */
    @Transactional
    public ArtifactDownload download(UUID modelId, int number) {
        Model model = readable(modelId);
        ModelVersion v = versions.findByModelIdAndNumber(modelId, number)
                .orElseThrow(() -> new NotFoundException("model version", model.getName() + "/" + number));
        if (v.getFormat() != ModelVersion.Format.ONNX) {
            throw new InvalidRequestException("artifact", "Version " + number + " of " + model.getName() + " lives at " + v.getArtifactUri()
                    + "; the portal holds no bytes of it");
        }
        events.publishEvent(new ModelArtifactDownloaded(modelId, model.getAreaId(), model.getName(), number, v.getSha256(), Trace.capture(clock)));
        UUID versionId = v.getId();
        return new ArtifactDownload(model.getName() + "-v" + number + ".onnx", v.getArtifactSize(), v.getSha256(),
                out -> artifacts.copy(versionId, out));
    }

    /** Whether the caller may register versions and move aliases of the model. */
    public boolean canChange(UUID modelId) {
        return access.canAct(readable(modelId).getAreaId());
    }

    // --- access

    private Set<UUID> readableAreas() {
        if (isReviewer()) {
            return new HashSet<>(areas.names().keySet());
        }
        return new HashSet<>(access.readableAreaIds());
    }

    private boolean canRead(UUID areaId) {
        return access.canRead(areaId) || isReviewer();
    }

    /** Reviewers judge every area's evidence; a token limited to an area has lost the role already. */
    private static boolean isReviewer() {
        return AreaAccess.readsEveryArea();
    }

    private Model readable(UUID modelId) {
        Model model = models.findById(modelId).orElseThrow(() -> new NotFoundException("model", modelId));
        if (!canRead(model.getAreaId())) {
            throw NotFoundException.denied("model", modelId);
        }
        return model;
    }

    private void requireAct(Model model) {
        if (!access.canAct(model.getAreaId())) {
            throw new ForbiddenException("Only data scientists of " + areas.names().getOrDefault(model.getAreaId(), "its area")
                    + " and its pipelines change the model " + model.getName());
        }
    }

    private Model byName(String name, UUID areaId) {
        List<Model> named = models.findByNameIgnoreCase(name == null ? "" : name.strip());
        List<Model> found = named.stream()
                .filter(m -> canRead(m.getAreaId()))
                .filter(m -> areaId == null || m.getAreaId().equals(areaId))
                .toList();
        if (found.isEmpty()) { // another area's model answers as an unknown one, and is recorded as refused
            throw named.stream().anyMatch(m -> !canRead(m.getAreaId())) ? NotFoundException.denied("model", name)
                    : new NotFoundException("model", name);
        }
        if (found.size() > 1) {
            throw new InvalidRequestException("area", "Several areas have a model named " + name + "; say which area");
        }
        return found.getFirst();
    }

    // --- checks

    private void checkMetadata(VersionMetadata m, boolean hasArtifact) {
        Map<String, String> errors = new LinkedHashMap<>();
        Signature signature = m.signature();
        if (signature == null || signature.inputs().isEmpty() || signature.outputs().isEmpty()) {
            errors.put("signature", "Declare the signature: at least one input and one output, each with name, type and shape");
        } else {
            Set<String> names = new HashSet<>();
            for (TensorSpec t : concat(signature.inputs(), signature.outputs())) {
                if (t == null || t.name() == null || t.name().isBlank() || t.name().length() > 200) {
                    errors.putIfAbsent("signature", "Every input and output needs a name (at most 200 characters)");
                } else if (!names.add(t.name())) {
                    errors.putIfAbsent("signature", t.name() + " is declared twice");
                } else if (t.type() == null || !TensorSpec.TYPES.contains(t.type())) {
                    errors.putIfAbsent("signature", t.name() + " has the type " + t.type() + "; use one of " + String.join(", ", TensorSpec.TYPES));
                } else if (t.shape().isEmpty() || t.shape().size() > 8 || t.shape().stream().anyMatch(d -> d == null || d == 0 || d < -1)) {
                    errors.putIfAbsent("signature", t.name() + " needs a shape such as [-1, 1]: sizes, -1 for any size");
                }
            }
        }
        if (m.metrics() != null) {
            m.metrics().forEach((k, v) -> {
                if (!METRIC.matcher(k).matches()) {
                    errors.putIfAbsent("metrics", "The metric name " + k + " is not letters, digits, _ . -");
                } else if (v == null || !Double.isFinite(v)) {
                    errors.putIfAbsent("metrics", "The metric " + k + " needs a finite number");
                }
            });
        }
        Lineage lineage = m.lineage();
        if (lineage == null || lineage.featureGroups().isEmpty()) {
            errors.put("lineage", "Name the feature group versions the model was trained on");
        } else {
            for (Lineage.FeatureGroupRef ref : lineage.featureGroups()) {
                String problem = missing(ref);
                if (problem != null) {
                    errors.putIfAbsent("lineage", problem);
                }
            }
            if (lineage.trainingSet() != null && lineage.trainingSet().length() > 2000) {
                errors.put("lineage", "The training-set reference is longer than 2000 characters");
            }
        }
        if (m.commit() != null && m.commit().length() > 200) {
            errors.put("commit", "At most 200 characters");
        }
        if (m.ciRunUrl() != null && !m.ciRunUrl().isBlank() && !isWebAddress(m.ciRunUrl())) {
            errors.put("ciRunUrl", "The CI run address must be an http or https address");
        }
        if (m.modelCard() != null && m.modelCard().length() > 100_000) {
            errors.put("modelCard", "The model card is longer than 100,000 characters");
        }
        if (m.sha256() != null && !m.sha256().isBlank() && !SHA256.matcher(m.sha256().strip().toLowerCase(Locale.ROOT)).matches()) {
            errors.put("sha256", "A SHA-256 is 64 hexadecimal digits");
        }
        if (hasArtifact && m.artifactUri() != null && !m.artifactUri().isBlank()) {
            errors.put("artifactUri", "Send either the artifact or its external address, not both");
        }
        if (!hasArtifact && (m.artifactUri() == null || m.artifactUri().isBlank())) {
            errors.put("artifact", "Send the ONNX artifact, or the artifactUri of a model the portal does not serve");
        }
        if (!hasArtifact && m.artifactUri() != null && !m.artifactUri().isBlank()
                && (m.artifactUri().length() > 2000 || !m.artifactUri().matches("(?i)(https?|s3|gs|abfss?|hdfs)://\\S+"))) {
            errors.put("artifactUri", "An external artifact address: https://, s3://, gs://, abfs:// or hdfs://");
        }
        if (m.sampleRows() != null && m.sampleRows().size() > 100) {
            errors.put("sampleRows", "At most 100 sample rows");
        }
        if (m.sampleRows() != null && JSON.writeValueAsString(m.sampleRows()).length() > 100_000) {
            errors.put("sampleRows", "The sample rows are longer than 100,000 characters");
        }
        if (!errors.isEmpty()) {
            throw new InvalidRequestException("The version's metadata is not valid: " + String.join("; ", errors.values()), errors);
        }
    }

    /** Null when the feature group version exists and the caller may see it, else what is wrong. */
    private String missing(Lineage.FeatureGroupRef ref) {
        if (ref == null || ref.name() == null || ref.name().isBlank()) {
            return "A feature group reference needs a name and a version";
        }
        try {
            FeatureGroupView group = featureGroups.getByName(ref.name());
            if (group.versions().stream().noneMatch(v -> v.number() == ref.version())) {
                return "The feature group " + ref.name() + " has no version " + ref.version();
            }
            return null;
        } catch (NotFoundException e) {
            return "There is no feature group " + ref.name() + " in the feature store";
        }
    }

    private static boolean isWebAddress(String text) {
        try {
            URI uri = URI.create(text.strip());
            return uri.getHost() != null && ("http".equalsIgnoreCase(uri.getScheme()) || "https".equalsIgnoreCase(uri.getScheme()))
                    && text.length() <= 2000;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    // --- views

    private ModelView view(Model m) {
        Map<String, Integer> pointing = new LinkedHashMap<>();
        aliases.findByKeyModelIdOrderByKeyAlias(m.getId()).forEach(a -> pointing.put(a.getAlias(), a.getNumber()));
        return new ModelView(m.getId(), m.getAreaId(), areas.names().getOrDefault(m.getAreaId(), "?"), m.getName(), m.getDescription(),
                m.getUseCase(), m.getRiskTier(), m.getOwnerUsername(), m.getOwnerName(), thresholds(m), pointing,
                versions.countByModelId(m.getId()), m.getCreatedBy(), m.getCreatedAt());
    }

    private ModelSummary summary(Model m, Map<UUID, String> names) {
        Optional<ModelVersion> latest = versions.findFirstByModelIdOrderByNumberDesc(m.getId());
        return new ModelSummary(m.getId(), m.getAreaId(), names.getOrDefault(m.getAreaId(), "?"), m.getName(), m.getDescription(),
                m.getUseCase(), m.getRiskTier(), m.getOwnerName(), m.getOwnerUsername(), latest.map(ModelVersion::getNumber).orElse(null),
                latest.map(v -> v.getGatesState().name()).orElse(null),
                aliases.find(m.getId(), ModelView.CHAMPION).map(ModelAlias::getNumber).orElse(null));
    }

    VersionView view(Model m, ModelVersion v) {
        return new VersionView(v.getId(), m.getId(), m.getAreaId(), m.getName(), m.getRiskTier(), v.getNumber(), v.getFormat().name(),
                v.getArtifactUri(), v.getArtifactSize(), v.getSha256(), v.getDeclaredSha256(), signature(v), metrics(v), parameters(v),
                lineage(v), v.getSourceCommit(), v.getCiRunUrl(), v.getModelCard(), v.getRegisteredBy(), v.getRegisteredById(),
                v.getRegisteredByType(), v.getRegisteredAt(), v.getGatesState().name(), v.getGatesFinishedAt(),
                v.getGates().stream().map(Gate::result).toList(), aliasesByNumber(m.getId()).getOrDefault(v.getNumber(), List.of()));
    }

    private Map<Integer, List<String>> aliasesByNumber(UUID modelId) {
        Map<Integer, List<String>> byNumber = new LinkedHashMap<>();
        aliases.findByKeyModelIdOrderByKeyAlias(modelId).forEach(a -> byNumber.computeIfAbsent(a.getNumber(), n -> new ArrayList<>()).add(a.getAlias()));
        return byNumber;
    }

    private static <T> Map<String, T> orEmpty(Map<String, T> map) {
        return map == null ? Map.of() : new java.util.TreeMap<>(map);
    }

    private static <T> List<T> concat(List<T> a, List<T> b) {
        List<T> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }
}
