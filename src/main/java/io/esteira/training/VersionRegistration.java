package io.esteira.training;

import io.esteira.features.TrainingSets;
import io.esteira.models.Lineage;
import io.esteira.models.ModelRegistry;
import io.esteira.models.VersionMetadata;
import io.esteira.models.VersionView;
import io.esteira.training.domain.TrainingJob;
import io.esteira.training.domain.TrainingRun;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * Registers what a succeeded run produced as the next version of the job's model, through the registry's
 * facade (as the person who started the run), so the registry's checks and quality gates apply as to any
 * registration. The version's lineage says where it came from: the feature group versions and the training
 * set (its rows, time range and hash), the code's content hash as its commit, and, among its parameters, the
 * job, the run, the seed and the job's own parameters.
 */
@Component
class VersionRegistration {

    static final int SAMPLE_ROWS = 20;

    private final ModelRegistry registry;
    private final long maxArtifactBytes;

    VersionRegistration(ModelRegistry registry, @Value("${esteira.models.max-artifact-size:200MB}") org.springframework.util.unit.DataSize max) {
        this.registry = registry;
        this.maxArtifactBytes = max.toBytes();
    }

    record Registered(UUID versionId, int number, Map<String, Double> metrics) {
    }

    /** @throws JobOutputs.Problem when the outputs break the contract (nothing is registered then) */
    Registered register(TrainingRun run, TrainingJob job, Path output, TrainingSets.Plan plan, Path trainingSet) {
        JobOutputs.Read read = JobOutputs.read(output, plan.features(), maxArtifactBytes);
        Map<String, String> parameters = new LinkedHashMap<>(TrainingService.parameters(run.getParameters()));
        parameters.put("training.job", job.getName());
        parameters.put("training.job_id", job.getId().toString());
        parameters.put("training.run", String.valueOf(run.getNumber()));
        parameters.put("training.run_id", run.getId().toString());
        parameters.put("training.seed", String.valueOf(run.getSeed()));
        parameters.put("training.source", job.getSourceKind().name().toLowerCase() + ":" + (job.getSourceUrl() == null ? ""
                : job.getSourceUrl() + "@") + job.getSourceRef() + (job.getSourcePath().isEmpty() ? "" : "/" + job.getSourcePath()) + " "
                + job.getEntrypoint());
        parameters.put("training.data_rows", String.valueOf(run.getDataRows()));
        parameters.put("training.data_sha256", run.getDataHash());
        if (run.getDataFrom() != null) {
            parameters.put("training.data_from", run.getDataFrom().toString());
        }
        if (run.getDataTo() != null) {
            parameters.put("training.data_to", run.getDataTo().toString());
        }
        String snapshot = "Training run " + run.getNumber() + " of job " + job.getName() + " (" + run.getId() + "): " + run.getDataRows()
                + " rows of " + run.getDataGroups() + (run.getDataFrom() == null && run.getDataTo() == null ? ", all times"
                        : ", times from " + (run.getDataFrom() == null ? "the start" : run.getDataFrom()) + " to "
                                + (run.getDataTo() == null ? "the run" : run.getDataTo())) + ", " + run.getDataHash();
        Lineage lineage = new Lineage(plan.groups().stream().map(g -> new Lineage.FeatureGroupRef(g.name(), g.version())).toList(), snapshot);
        String card = "# " + job.getModelName() + ", trained by the portal\n\nRun " + run.getNumber() + " of the training job **"
                + job.getName() + "**, started by " + run.getRequestedByName() + ". Code " + run.getCodeHash() + ", seed " + run.getSeed()
                + "; training set of " + run.getDataRows() + " rows from " + run.getDataGroups() + ".\n"
                + (read.modelCard() == null ? "" : "\n" + read.modelCard());
        byte[] bytes;
        String sha256;
        try (InputStream in = Files.newInputStream(read.model())) {
            MessageDigest digest = JobSources.sha256();
            bytes = new DigestInputStream(in, digest).readAllBytes();
            sha256 = HexFormat.of().formatHex(digest.digest());
        } catch (IOException e) {
            throw new JobOutputs.Problem(JobOutputs.MODEL + " cannot be read: " + e.getMessage());
        }
        VersionMetadata metadata = new VersionMetadata(read.signature(), read.metrics(), parameters, lineage, run.getCodeHash(), null, card,
                sha256, null, sampleRows(trainingSet, read.signature().inputs().stream().map(io.esteira.models.TensorSpec::name).toList()));
        UUID modelId = job.getModelId();
        VersionView version = registry.register(modelId, metadata, new java.io.ByteArrayInputStream(bytes));
        return new Registered(version.id(), version.number(), read.metrics());
    }

    /** The first rows of the training set with every input present, for the registry's smoke-prediction gate. */
    static List<Map<String, Object>> sampleRows(Path trainingSet, List<String> inputs) {
        List<Map<String, Object>> rows = new ArrayList<>();
        try (BufferedReader reader = Files.newBufferedReader(trainingSet, StandardCharsets.UTF_8)) {
            String header = reader.readLine();
            if (header == null) {
                return rows;
            }
            List<String> names = Csv.split(header);
            String line;
            int read = 0;
            while ((line = reader.readLine()) != null && rows.size() < SAMPLE_ROWS && read++ < 10_000) {
                List<String> cells = Csv.split(line);
                Map<String, Object> row = new LinkedHashMap<>();
                for (String input : inputs) {
                    int i = names.indexOf(input);
                    if (i >= 0 && i < cells.size() && !cells.get(i).isEmpty()) {
                        row.put(input, cells.get(i));
                    }
                }
                if (row.size() == inputs.size()) {
                    rows.add(row);
                }
            }
            return rows;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Splits one line of the training set's CSV (quoted cells with doubled quotes, as the feature store writes them). */
    static final class Csv {
        private Csv() {
        }

        static List<String> split(String line) {
            List<String> cells = new ArrayList<>();
            StringBuilder cell = new StringBuilder();
            boolean quoted = false;
            for (int i = 0; i < line.length(); i++) {
                char c = line.charAt(i);
                if (quoted) {
                    if (c == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') {
                        cell.append('"');
                        i++;
                    } else if (c == '"') {
                        quoted = false;
                    } else {
                        cell.append(c);
                    }
                } else if (c == '"') {
                    quoted = true;
                } else if (c == ',') {
                    cells.add(cell.toString());
                    cell.setLength(0);
                } else {
                    cell.append(c);
                }
            }
            cells.add(cell.toString());
            return cells;
        }
    }
}
