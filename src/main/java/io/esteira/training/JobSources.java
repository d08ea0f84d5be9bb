package io.esteira.training;

import io.esteira.shared.ForbiddenException;
import io.esteira.shared.InvalidRequestException;
import io.esteira.shared.NotFoundException;
import io.esteira.shared.security.CurrentUser;
import io.esteira.shared.security.SystemActor;
import io.esteira.training.domain.TrainingJob;
import io.esteira.training.domain.TrainingJob.SourceKind;
import io.esteira.workspaces.WorkspaceService;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * Where a job's code comes from: a sample of the portal ({@code samples/training/<name>} in the repository,
 * {@code esteira.training.samples-dir}) or a folder of one of your workspaces on the portal's machine. At each
 * run the job's folder is copied into the run's directory (links that lead outside it are refused), and the
 * copy's content hash is the code's identity in the version's lineage.
 */
@Component
class JobSources {

    static final int MAX_FILES = 10_000;
    static final long MAX_BYTES = 200L * 1024 * 1024;
    private static final Pattern SAMPLE = Pattern.compile("[a-z0-9][a-z0-9_-]{0,79}");

    private final List<Path> samples;
    private final WorkspaceService workspaces;

    /** @param samples the folders that hold samples, searched in order */
    JobSources(@Value("${esteira.training.samples-dir:samples/training}") String samples, WorkspaceService workspaces) {
        this.samples = java.util.Arrays.stream(samples.split(",")).map(String::strip).filter(p -> !p.isEmpty())
                .map(p -> Path.of(p).toAbsolutePath().normalize()).toList();
        this.workspaces = workspaces;
    }

    /** The samples' names, from every samples folder, sorted. */
    List<String> samples() {
        java.util.TreeSet<String> names = new java.util.TreeSet<>();
        for (Path dir : samples) {
            if (!Files.isDirectory(dir)) {
                continue;
            }
            try (var list = Files.list(dir)) {
                list.filter(Files::isDirectory).map(p -> p.getFileName().toString()).filter(n -> SAMPLE.matcher(n).matches()).forEach(names::add);
            } catch (java.io.IOException e) {
                // an unreadable folder offers no samples
            }
        }
        return List.copyOf(names);
    }

    /** A source resolved on disk: its root, the job's folder in it and the entrypoint, all real paths inside the root. */
    record Resolved(SourceKind kind, String ref, String path, String entrypoint, Path root, Path folder, Path entrypointFile) {
    }

    /**
     * Checks a source as given in a job's form.
     *
     * @param asCaller the caller must be allowed the workspace (its owner or an administrator); false at run time, when the
     *                 job's area decides
     */
    Resolved resolve(UUID areaId, TrainingJobDraft.Source source, String entrypoint, boolean asCaller) {
        SourceKind kind;
        try {
            kind = SourceKind.valueOf(source.kind().strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new InvalidRequestException("source.kind", "Pick SAMPLE or WORKSPACE; a Git repository comes later");
        }
        String ref = source.ref().strip();
        Path root = switch (kind) {
            case SAMPLE -> {
                if (!SAMPLE.matcher(ref).matches()) {
                    throw new InvalidRequestException("source.ref", "A sample is named by lower-case letters, digits, - and _");
                }
                yield samples.stream().map(d -> d.resolve(ref)).filter(Files::isDirectory).findFirst()
                        .orElseThrow(() -> new InvalidRequestException("source.ref", "There is no sample " + ref + "; the samples are in "
                                + String.join(", ", samples.stream().map(Path::toString).toList())));
            }
            case WORKSPACE -> workspaceFolder(areaId, ref, asCaller);
        };
        String path = SourcePaths.relative("source.path", source.path(), true);
        Path folder = SourcePaths.directory(root, path, "source.path");
        String entry = SourcePaths.relative("entrypoint", entrypoint, false);
        Path file = SourcePaths.file(folder, entry, "entrypoint");
        // the folder is inside the root, the file inside the folder: both checked on their real paths
        return new Resolved(kind, ref, path, entry, root, folder, file);
    }

    /** The job's source again, at run time or before queuing a run. */
    Resolved resolve(TrainingJob job) {
        return resolve(job.getAreaId(), new TrainingJobDraft.Source(job.getSourceKind().name(), job.getSourceRef(), job.getSourcePath()),
                job.getEntrypoint(), false);
    }

    void check(TrainingJob job) {
        resolve(job);
    }

    private Path workspaceFolder(UUID areaId, String ref, boolean asCaller) {
        UUID id;
        try {
            id = UUID.fromString(ref);
        } catch (IllegalArgumentException e) {
            throw new InvalidRequestException("source.ref", "Give the workspace's id");
        }
        WorkspaceService.NotebookFolder folder;
        try {
            if (asCaller) {
                if (CurrentUser.require().isPipeline()) {
                    throw new ForbiddenException("Pipeline accounts cannot use workspaces' files; use a sample or, later, a Git repository");
                }
                folder = workspaces.notebookFolder(id);
            } else {
                folder = SystemActor.call(() -> workspaces.notebookFolder(id));
            }
        } catch (NotFoundException e) {
            throw new InvalidRequestException("source.ref", "There is no workspace " + ref + " of yours in this area");
        }
        if (!folder.areaId().equals(areaId)) {
            throw new InvalidRequestException("source.ref", "There is no workspace " + ref + " of yours in this area");
        }
        if (!Files.isDirectory(folder.path())) {
            throw new InvalidRequestException("source.ref", "The files of " + folder.workspace() + " are not on this machine");
        }
        return folder.path();
    }

    /**
     * Copies the job's folder to {@code target} (files and folders; a link is copied as what it points to when that is
     * inside the folder, and refused otherwise) and returns the copy's content hash:
     * {@code sha256:} of every file's relative path and bytes, in path order.
     */
    static String copy(Path folder, Path target) {
        MessageDigest digest = sha256();
        try {
            Path realFolder = folder.toRealPath();
            Files.createDirectories(target);
            List<Path> entries;
            try (Stream<Path> walk = Files.walk(folder)) {
                entries = walk.filter(p -> !p.equals(folder)).sorted().toList();
            }
            if (entries.size() > MAX_FILES) {
                throw new InvalidRequestException("source", "The job's folder holds " + entries.size() + " files; at most " + MAX_FILES);
            }
            long bytes = 0;
            for (Path p : entries) {
                String relative = folder.relativize(p).toString();
                if (relative.startsWith(".git/") || relative.equals(".git") || relative.contains("__pycache__")) {
                    continue;
                }
                Path real = p.toRealPath();
                if (!real.startsWith(realFolder)) {
                    throw new InvalidRequestException("source", relative + " is a link that leads outside the job's folder; the job may use only files inside it");
                }
                Path to = target.resolve(relative);
                if (Files.isDirectory(real)) {
                    Files.createDirectories(to);
                } else if (Files.isRegularFile(real)) {
                    bytes += Files.size(real);
                    if (bytes > MAX_BYTES) {
                        throw new InvalidRequestException("source", "The job's folder holds more than " + MAX_BYTES / 1024 / 1024 + " MB");
                    }
                    Files.createDirectories(to.getParent());
                    Files.copy(real, to, LinkOption.NOFOLLOW_LINKS);
                    digest.update(relative.getBytes(java.nio.charset.StandardCharsets.UTF_8));
                    digest.update((byte) 0);
                    try (InputStream in = Files.newInputStream(to)) {
                        byte[] buffer = new byte[65536];
                        int n;
                        while ((n = in.read(buffer)) > 0) {
                            digest.update(buffer, 0, n);
                        }
                    }
                    digest.update((byte) 0);
                }
            }
            return "sha256:" + HexFormat.of().formatHex(digest.digest());
        } catch (IOException e) {
            throw new UncheckedIOException("Copying the job's code failed: " + e.getMessage(), e);
        }
    }

    static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
