package io.esteira.training;

import io.esteira.shared.InvalidRequestException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.regex.Pattern;

/**
 * Paths people give inside a job's source (its folder, its entrypoint): relative, without {@code ..}, and
 * once resolved on disk (links followed, {@link Path#toRealPath}) still inside the source, so a job never
 * runs or reads anything outside the code it was given.
 */
final class SourcePaths {

    private static final Pattern SAFE = Pattern.compile("[A-Za-z0-9._/ -]+");

    private SourcePaths() {
    }

    /**
     * A path as typed, checked without the disk: relative, made of letters, digits, {@code . _ - /} and spaces,
     * no {@code ..} part. @return it normalised ("" for the root when {@code emptyIsRoot})
     *
     * @throws InvalidRequestException naming {@code field}
     */
    static String relative(String field, String path, boolean emptyIsRoot) {
        String p = path == null ? "" : path.strip();
        if (p.isEmpty() || p.equals(".") || p.equals("./")) {
            if (emptyIsRoot) {
                return "";
            }
            throw new InvalidRequestException(field, "Give a file inside the source, e.g. train.py");
        }
        if (p.startsWith("/") || p.startsWith("~") || p.matches("^[A-Za-z]:.*")) {
            throw new InvalidRequestException(field, p + " is an absolute path; give a path inside the source, e.g. train.py");
        }
        if (!SAFE.matcher(p).matches()) {
            throw new InvalidRequestException(field, "Use letters, digits, '.', '_', '-', '/' and spaces only in " + p);
        }
        for (String part : p.split("/")) {
            if (part.equals("..")) {
                throw new InvalidRequestException(field, p + " leaves the source (..); give a path inside it");
            }
        }
        String normalised = Path.of(p).normalize().toString();
        return normalised.equals(".") ? "" : normalised;
    }

    /**
     * A directory inside {@code root}, resolved on disk.
     *
     * @throws InvalidRequestException when it is missing, not a directory, or leaves the root (a link pointing out)
     */
    static Path directory(Path root, String relative, String field) {
        Path real = resolve(root, relative, field);
        if (!Files.isDirectory(real)) {
            throw new InvalidRequestException(field, (relative.isEmpty() ? "The source" : relative) + " is not a folder");
        }
        return real;
    }

    /**
     * A regular file inside {@code root}, resolved on disk.
     *
     * @throws InvalidRequestException when it is missing, not a file, or leaves the root (a link pointing out)
     */
    static Path file(Path root, String relative, String field) {
        Path real = resolve(root, relative, field);
        if (!Files.isRegularFile(real)) {
            throw new InvalidRequestException(field, relative + " is not a file of the source");
        }
        return real;
    }

    private static Path resolve(Path root, String relative, String field) {
        String checked = relative(field, relative, true);
        Path realRoot;
        try {
            realRoot = root.toRealPath();
        } catch (IOException e) {
            throw new InvalidRequestException(field, "The source is not there any more");
        }
        Path candidate = realRoot.resolve(checked);
        if (!Files.exists(candidate, LinkOption.NOFOLLOW_LINKS) && !Files.exists(candidate)) {
            throw new InvalidRequestException(field, "There is no " + (checked.isEmpty() ? "source" : checked) + " in the source");
        }
        Path real;
        try {
            real = candidate.toRealPath();
        } catch (IOException e) {
            throw new InvalidRequestException(field, checked + " points to something that does not exist");
        }
        if (!real.startsWith(realRoot)) {
            throw new InvalidRequestException(field, checked + " is a link that leads outside the source; the job may use only files inside it");
        }
        return real;
    }
}
