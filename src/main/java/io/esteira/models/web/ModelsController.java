package io.esteira.models.web;

import io.esteira.areas.AreaAccess;
import io.esteira.models.pipeline.ModelPipeline;
import io.esteira.models.pipeline.PipelineStep;
import io.esteira.shared.web.SortableBy;
import io.esteira.models.ArtifactDownload;
import io.esteira.models.ModelDraft;
import io.esteira.models.ModelRegistry;
import io.esteira.models.ModelSummary;
import io.esteira.models.ModelView;
import io.esteira.models.VersionMetadata;
import io.esteira.models.VersionSummary;
import io.esteira.models.VersionView;
import io.esteira.shared.InvalidRequestException;
import io.esteira.shared.security.CurrentUser;
import io.esteira.shared.security.SignedInUser;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.springframework.data.domain.Page;
import org.springframework.data.domain.Pageable;
import org.springframework.data.web.PageableDefault;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RequestPart;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.multipart.MultipartFile;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * The model registry for CI/CD pipelines (an area's service token) and people. Names are unique
 * within an area; {@code ?area=<id>} picks the area when the caller reads several with the same name.
 */
@RestController
@RequestMapping("/api/v1/models")
@Tag(name = "Models", description = "Register models and versions; quality gates; aliases; artifacts")
class ModelsController {

    private static final JsonMapper METADATA = JsonMapper.builder().enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).build();

    private final ModelRegistry registry;
    private final ModelPipeline pipeline;
    private final AreaAccess access;

    ModelsController(ModelRegistry registry, ModelPipeline pipeline, AreaAccess access) {
        this.registry = registry;
        this.pipeline = pipeline;
        this.access = access;
    }

    @GetMapping
    @Operation(summary = "Models the caller may read, by name; ?area=<id> for one area, ?q= to search name, use case and description")
    Page<ModelSummary> list(@RequestParam(required = false) UUID area, @RequestParam(required = false) String q,
            @SortableBy({"name", "riskTier", "ownerName", "createdAt"}) @PageableDefault(size = 50) Pageable pageable) {
        return registry.list(area, q, pageable);
    }

    @PostMapping
    @Operation(summary = "Create a model: name (URL-safe), useCase, riskTier 1-3 (1 highest), thresholds such as "
            + "{\"metric\": \"auc\", \"operator\": \">=\", \"value\": 0.7}; areaId defaults to the token's area")
    ResponseEntity<ModelView> create(@RequestBody ModelDraft draft) {
        ModelDraft withArea = draft.areaId() != null ? draft : new ModelDraft(defaultArea(), draft.name(), draft.description(), draft.useCase(),
                draft.riskTier(), draft.owner(), draft.thresholds());
        ModelView created = registry.create(withArea);
        return ResponseEntity.created(URI.create("/api/v1/models/" + created.name())).body(created);
    }

    @GetMapping("/{name}")
    ModelView get(@PathVariable String name, @RequestParam(required = false) UUID area) {
        return registry.getByName(name, area);
    }

    @GetMapping("/{name}/versions")
    @Operation(summary = "The model's versions, newest first, with their gate state and aliases")
    Page<VersionSummary> versions(@PathVariable String name, @RequestParam(required = false) UUID area,
            @SortableBy({"number", "registeredAt", "gatesState"}) @PageableDefault(size = 50) Pageable pageable) {
        return registry.versions(registry.idOf(name, area), pageable);
    }

    @GetMapping("/{name}/versions/{number}")
    @Operation(summary = "A version with its signature, metrics, lineage, model card and gate results")
    VersionView version(@PathVariable String name, @PathVariable int number, @RequestParam(required = false) UUID area) {
        return registry.version(registry.idOf(name, area), number);
    }

    @GetMapping("/{name}/versions/{number}/pipeline")
    @Operation(summary = "The version's way to production: registered, gates, then change request, approvals and deployments")
    List<PipelineStep> pipeline(@PathVariable String name, @PathVariable int number, @RequestParam(required = false) UUID area) {
        return pipeline.steps(registry.idOf(name, area), number);
    }

    @PostMapping(value = "/{name}/versions", consumes = MediaType.MULTIPART_FORM_DATA_VALUE)
    @Operation(summary = "Register the next version: multipart with the ONNX file as 'artifact' and 'metadata' JSON "
            + "(signature, metrics, parameters, lineage, commit, ciRunUrl, modelCard, sha256; artifactUri instead of a file for "
            + "models the portal does not serve; optional sampleRows). 201 with the version; its gates then run in the background")
    ResponseEntity<VersionView> register(@PathVariable String name, @RequestParam(required = false) UUID area,
            @Parameter(description = "the version's metadata as JSON") @RequestPart("metadata") String metadata,
            @RequestPart(name = "artifact", required = false) MultipartFile artifact) throws IOException {
        UUID modelId = registry.idOf(name, area);
        VersionMetadata parsed;
        try {
            parsed = METADATA.readValue(metadata, VersionMetadata.class);
        } catch (JacksonException e) {
            throw new InvalidRequestException("metadata", "The metadata is not valid JSON for a version: " + e.getOriginalMessage());
        }
        VersionView registered;
        if (artifact == null || artifact.isEmpty()) {
            registered = registry.register(modelId, parsed, null);
        } else {
            try (InputStream in = artifact.getInputStream()) {
                registered = registry.register(modelId, parsed, in);
            }
        }
        return ResponseEntity.created(URI.create("/api/v1/models/" + name + "/versions/" + registered.number())).body(registered);
    }

    @GetMapping("/{name}/versions/{number}/artifact")
    @Operation(summary = "Download the ONNX artifact (audited); the ETag is its SHA-256")
    void artifact(@PathVariable String name, @PathVariable int number, @RequestParam(required = false) UUID area,
            HttpServletResponse response) throws IOException {
        ArtifactDownload download = registry.download(registry.idOf(name, area), number);
        response.setContentType("application/octet-stream");
        response.setContentLengthLong(download.size());
        response.setHeader("Content-Disposition", "attachment; filename=\"" + download.fileName() + "\"");
        response.setHeader("ETag", "\"" + download.sha256() + "\"");
        download.writer().accept(response.getOutputStream());
    }

    /** {@code {"version": 3}}. */
    record AliasTarget(Integer version) {
    }

    @PutMapping("/{name}/aliases/{alias}")
    @Operation(summary = "Point an alias (champion, challenger, …) at a version; audited")
    ModelView moveAlias(@PathVariable String name, @PathVariable String alias, @RequestParam(required = false) UUID area,
            @RequestBody AliasTarget target) {
        if (target == null || target.version() == null) {
            throw new InvalidRequestException("version", "Say which version: {\"version\": 3}");
        }
        return registry.moveAlias(registry.idOf(name, area), alias, target.version());
    }

    private UUID defaultArea() {
        SignedInUser user = CurrentUser.require();
        if (user.areaScope() != null) {
            return user.areaScope();
        }
        Set<UUID> mine = access.actableAreaIds();
        if (mine.size() == 1) {
            return mine.iterator().next();
        }
        throw new InvalidRequestException("areaId", "Say in which area: areaId");
    }
}
