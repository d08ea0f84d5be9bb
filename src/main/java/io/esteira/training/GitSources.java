package io.esteira.training;

import io.esteira.shared.InvalidRequestException;
import io.esteira.shared.crypto.SecretCipher;
import io.esteira.training.runners.RunnerException;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.FileMode;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectLoader;
import org.eclipse.jgit.lib.ProgressMonitor;
import org.eclipse.jgit.lib.Ref;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.lib.StoredConfig;
import org.eclipse.jgit.lib.SubmoduleConfig;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.transport.CredentialsProvider;
import org.eclipse.jgit.transport.RefSpec;
import org.eclipse.jgit.transport.TagOpt;
import org.eclipse.jgit.transport.UsernamePasswordCredentialsProvider;
import org.eclipse.jgit.treewalk.TreeWalk;
import org.eclipse.jgit.treewalk.filter.PathFilter;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;
import org.springframework.util.unit.DataSize;

/**
 * Jobs whose code is a Git repository. Only addresses an administrator allows
 * ({@code esteira.training.git.allowed}: URL prefixes such as {@code https://git.bank.example/credit/}; empty: none) are
 * accepted, over https (or http and {@code file:} where a prefix names them), never with credentials in the address and
 * never followed through a redirect. An optional token is kept sealed with the portal's secrets key.
 * <p>
 * A run fetches the ref (a branch or tag shallowly, a commit id with the history it needs) into a bare repository beside
 * the run's folder, within a time and size limit, and writes the commit's files (of the job's folder) itself: no checkout,
 * so no hook, filter or submodule of the repository runs, and no {@code .git} is in the job's folder; the bare repository
 * is removed before the job starts. The commit id is the code's identity in the version's lineage.
 */
@Component
class GitSources {

    /** A branch, tag or commit as typed: what Git allows in a ref name, conservatively. */
    private static final Pattern REF = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._/+-]{0,199}");
    private static final Pattern COMMIT = Pattern.compile("[0-9a-fA-F]{7,40}");
    private static final Pattern FULL_COMMIT = Pattern.compile("[0-9a-f]{40}");
    /** The user name sent with a token (hosts that read the token as a password accept any name). */
    static final String TOKEN_USER = "x-access-token";
    private static final String FETCHED = "refs/esteira/source";

    private final List<String> allowed;
    private final Duration timeout;
    private final long maxFetchBytes;
    private final SecretCipher secrets;

    GitSources(@Value("${esteira.training.git.allowed:}") String allowed, @Value("${esteira.training.git.timeout:PT5M}") Duration timeout,
            @Value("${esteira.training.git.max-size:500MB}") DataSize maxSize, SecretCipher secrets) {
        this.allowed = Arrays.stream(allowed.split(",")).map(String::strip).filter(s -> !s.isEmpty()).toList();
        this.timeout = timeout;
        this.maxFetchBytes = maxSize.toBytes();
        this.secrets = secrets;
    }

    /** The prefixes an administrator allows, as configured. */
    List<String> allowed() {
        return allowed;
    }

    // ------------------------------------------------------------------ rules on what people type

    /**
     * A repository's address as typed, checked against the rules and the administrator's allow-list.
     *
     * @return it without surrounding spaces
     * @throws InvalidRequestException on {@code source.url}
     */
    String checkUrl(String typed) {
        String url = typed == null ? "" : typed.strip();
        if (url.isEmpty()) {
            throw new InvalidRequestException("source.url", "Give the repository's address, e.g. https://git.bank.example/team/models.git");
        }
        Address address = address(url).orElseThrow(() -> new InvalidRequestException("source.url",
                url + " is not a repository address; give e.g. https://git.bank.example/team/models.git"));
        if (allowed.isEmpty()) {
            throw new InvalidRequestException("source.url", "No Git repository is allowed for training jobs yet: ask an administrator to allow yours "
                    + "(esteira.training.git.allowed)");
        }
        boolean ok = allowed.stream().map(GitSources::address).flatMap(Optional::stream).anyMatch(address::within);
        if (!ok) {
            throw new InvalidRequestException("source.url", address.shown() + " is not among the repositories an administrator allows "
                    + "for training jobs (" + String.join(", ", allowed) + ")");
        }
        return url;
    }

    /**
     * A branch, tag or commit as typed.
     *
     * @throws InvalidRequestException on {@code source.ref}
     */
    static String checkRef(String typed) {
        String ref = typed == null ? "" : typed.strip();
        if (ref.isEmpty()) {
            throw new InvalidRequestException("source.ref", "Give the branch, tag or commit to run, e.g. main");
        }
        if (!REF.matcher(ref).matches() || ref.contains("..") || ref.contains("//") || ref.endsWith("/") || ref.endsWith(".lock")
                || ref.endsWith(".")) {
            throw new InvalidRequestException("source.ref", ref + " is not a branch, tag or commit name (letters, digits, . _ / + -)");
        }
        return ref;
    }

    /**
     * The token to keep for a GIT source: a new one sealed, the stored one when none is given and the host is the same
     * (a token never follows a job to another host), or none.
     */
    String sealedToken(String url, String token, Boolean keep, String storedUrl, String storedSealed) {
        if (token != null && !token.isBlank()) {
            if (url.toLowerCase(Locale.ROOT).startsWith("http:")) {
                throw new InvalidRequestException("source.token", "A token is sent over https only; use the repository's https address");
            }
            return secrets.encrypt(token.strip());
        }
        if (Boolean.FALSE.equals(keep) || storedSealed == null || storedUrl == null) {
            return null;
        }
        Optional<Address> before = address(storedUrl);
        Optional<Address> now = address(url);
        return before.isPresent() && now.isPresent() && before.get().origin().equals(now.get().origin()) ? storedSealed : null;
    }

    /** An address cut into what the allow-list compares: scheme, host and port (lower case), and the path. */
    private record Address(String scheme, String origin, String path) {

        boolean within(Address prefix) {
            if (!scheme.equals(prefix.scheme) || !origin.equals(prefix.origin)) {
                return false;
            }
            if (scheme.equals("file")) {
                return Path.of(path).startsWith(Path.of(prefix.path));
            }
            String p = prefix.path.endsWith("/") ? prefix.path : prefix.path + "/";
            return prefix.path.isEmpty() || prefix.path.equals("/") || path.equals(prefix.path) || path.startsWith(p);
        }

        String shown() {
            return scheme.equals("file") ? "file:" + path : origin + path;
        }
    }

    /** The address, or empty when it is not one the portal fetches from (scheme, credentials, query, {@code ..}). */
    private static Optional<Address> address(String url) {
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException e) {
            return Optional.empty();
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (uri.getRawQuery() != null || uri.getRawFragment() != null) {
            return Optional.empty();
        }
        if (scheme.equals("file")) {
            String raw = uri.isOpaque() ? uri.getSchemeSpecificPart() : uri.getPath();
            if (raw == null || raw.isEmpty() || uri.getRawAuthority() != null && !uri.getRawAuthority().isEmpty()
                    || Arrays.asList(raw.split("/")).contains("..")) {
                return Optional.empty();
            }
            return Optional.of(new Address("file", "file:", Path.of(raw).toAbsolutePath().normalize().toString()));
        }
        if (!scheme.equals("https") && !scheme.equals("http")) {
            return Optional.empty();
        }
        if (uri.getRawUserInfo() != null || uri.getHost() == null) {
            return Optional.empty();
        }
        String path = uri.getPath() == null ? "" : uri.getPath();
        if (Arrays.asList(path.split("/")).contains("..") || path.contains("\\")) {
            return Optional.empty();
        }
        String origin = scheme + "://" + uri.getHost().toLowerCase(Locale.ROOT) + (uri.getPort() == -1 ? "" : ":" + uri.getPort());
        return Optional.of(new Address(scheme, origin, path));
    }

    /** Why an address is refused, in the user's words (the allow-list aside). */
    static String whyNot(String url) {
        String lower = url.toLowerCase(Locale.ROOT);
        if (lower.startsWith("ssh:") || lower.startsWith("git@") || lower.startsWith("git:")) {
            return "The portal fetches repositories over https; give the repository's https address";
        }
        if (url.contains("@")) {
            return "Put no user name or password in the address; give a token in its own field";
        }
        return null;
    }

    // ------------------------------------------------------------------ a run

    /** What a fetch produced: the commit and how the ref was read. */
    record Fetched(String commit, String how) {
    }

    /**
     * Fetches {@code ref} of {@code url} and writes the files of the commit's {@code folder} into {@code target}.
     *
     * @param work        a folder of the run for the bare repository; removed before this returns
     * @param tokenSealed the job's sealed token, or null
     * @return the commit id
     * @throws RunnerException with the reason in the user's words: not allowed any more, no such ref, too slow, too large, …
     */
    Fetched fetch(String url, String ref, String folder, String tokenSealed, Path work, Path target, Consumer<String> note) {
        try {
            checkUrl(url);
        } catch (InvalidRequestException e) {
            throw new RunnerException(e.getMessage());
        }
        CredentialsProvider credentials = tokenSealed == null ? null : new UsernamePasswordCredentialsProvider(TOKEN_USER, unseal(tokenSealed));
        Limits limits = new Limits(work, timeout, maxFetchBytes);
        try {
            Files.createDirectories(work);
            try (Git git = Git.init().setBare(true).setDirectory(work.toFile()).setInitialBranch("esteira").call()) {
                Repository repository = git.getRepository();
                StoredConfig config = repository.getConfig();
                config.setString("http", null, "followRedirects", "false"); // a redirect could lead off the allowed hosts
                config.setBoolean("fetch", null, "fsckObjects", true); // malformed trees (names like .. or .git) are refused
                config.setBoolean("transfer", null, "fsckObjects", true);
                config.save();
                int seconds = (int) Math.max(5, Math.min(Integer.MAX_VALUE, timeout.toSeconds()));
                Collection<Ref> remote = git.lsRemote().setRemote(url).setTimeout(seconds).setCredentialsProvider(credentials)
                        .setHeads(false).setTags(false).call();
                Ref named = find(remote, ref);
                String how;
                if (named != null) {
                    git.fetch().setRemote(url).setRefSpecs(new RefSpec("+" + named.getName() + ":" + FETCHED)).setDepth(1)
                            .setTagOpt(TagOpt.NO_TAGS).setRecurseSubmodules(SubmoduleConfig.FetchRecurseSubmodulesMode.NO)
                            .setTimeout(seconds).setCredentialsProvider(credentials).setProgressMonitor(limits).call();
                    how = named.getName().startsWith(Constants.R_TAGS) ? "tag " + ref : named.getName().startsWith(Constants.R_HEADS)
                            ? "branch " + ref : ref;
                } else if (COMMIT.matcher(ref).matches()) {
                    // a commit id: servers need not serve one that no ref names, so fetch the branches and tags it may be in
                    git.fetch().setRemote(url).setRefSpecs(new RefSpec("+refs/heads/*:refs/esteira/heads/*"),
                            new RefSpec("+refs/tags/*:refs/esteira/tags/*")).setTagOpt(TagOpt.NO_TAGS)
                            .setRecurseSubmodules(SubmoduleConfig.FetchRecurseSubmodulesMode.NO).setTimeout(seconds)
                            .setCredentialsProvider(credentials).setProgressMonitor(limits).call();
                    how = "commit " + ref;
                } else {
                    throw new RunnerException("The repository " + url + " has no branch or tag " + ref + " (and it is not a commit id); "
                            + "nothing was run");
                }
                limits.check();
                RevCommit commit;
                try (RevWalk walk = new RevWalk(repository)) {
                    ObjectId id = repository.resolve((named != null ? FETCHED : ref) + "^{commit}");
                    if (id == null) {
                        throw new RunnerException("The repository " + url + " has no commit " + ref + " in its branches or tags; nothing was run");
                    }
                    commit = walk.parseCommit(id);
                }
                if (FULL_COMMIT.matcher(ref.toLowerCase(Locale.ROOT)).matches() && !commit.getName().equals(ref.toLowerCase(Locale.ROOT))) {
                    throw new RunnerException("The repository " + url + " has no commit " + ref + "; nothing was run");
                }
                note.accept("Fetched " + how + " of " + url + (named != null ? " (shallow)" : "") + ": commit " + commit.getName());
                int submodules = write(repository, commit, folder, target);
                if (submodules > 0) {
                    note.accept(submodules + (submodules == 1 ? " submodule was" : " submodules were") + " left out: the portal fetches no submodule");
                }
                return new Fetched(commit.getName(), how);
            }
        } catch (Limits.Exceeded e) {
            throw new RunnerException(e.getMessage());
        } catch (GitAPIException | IOException | org.eclipse.jgit.errors.RevisionSyntaxException | org.eclipse.jgit.api.errors.JGitInternalException e) {
            Optional<String> exceeded = limits.exceeded();
            if (exceeded.isPresent()) {
                throw new RunnerException(exceeded.get());
            }
            throw new RunnerException("Fetching " + url + " failed: " + message(e) + "; nothing was run");
        } catch (UncheckedIOException e) {
            throw new RunnerException("Writing the job's files failed: " + message(e.getCause()));
        } finally {
            delete(work);
        }
    }

    private String unseal(String sealed) {
        try {
            return secrets.decrypt(sealed);
        } catch (IllegalStateException e) {
            throw new RunnerException("The job's Git token cannot be read (the secrets key changed); give the token again");
        }
    }

    /** The ref a name stands for: {@code HEAD}, a full ref name, a branch, then a tag. */
    static Ref find(Collection<Ref> refs, String name) {
        List<String> candidates = name.equals(Constants.HEAD) ? List.of(Constants.HEAD) : name.startsWith("refs/") ? List.of(name)
                : List.of(Constants.R_HEADS + name, Constants.R_TAGS + name);
        for (String candidate : candidates) {
            for (Ref r : refs) {
                if (r.getName().equals(candidate)) {
                    return r;
                }
            }
        }
        return null;
    }

    private static String message(Throwable e) {
        Throwable t = e;
        String best = e.getMessage();
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
            if (t.getMessage() != null && !t.getMessage().isBlank()) {
                best = t.getMessage();
            }
        }
        return best == null ? e.getClass().getSimpleName() : best;
    }

    /**
     * Writes the files of {@code folder} of the commit into {@code target}: regular and executable files and links (a
     * link that leads outside the folder is refused afterwards); a submodule is left out. Names are checked again.
     *
     * @return how many submodules were left out
     */
    static int write(Repository repository, RevCommit commit, String folder, Path target) throws IOException {
        Files.createDirectories(target);
        Path root = target.toRealPath();
        int files = 0;
        long bytes = 0;
        int submodules = 0;
        boolean any = false;
        try (TreeWalk walk = new TreeWalk(repository)) {
            walk.addTree(commit.getTree());
            walk.setRecursive(true);
            if (!folder.isEmpty()) {
                walk.setFilter(PathFilter.create(folder));
            }
            while (walk.next()) {
                String path = walk.getPathString();
                if (!folder.isEmpty() && !path.startsWith(folder + "/")) {
                    throw new RunnerException(folder + " is a file of commit " + commit.getName() + ", not a folder");
                }
                any = true;
                String relative = folder.isEmpty() ? path : path.substring(folder.length() + 1);
                List<String> parts = Arrays.asList(relative.split("/"));
                if (parts.stream().anyMatch(p -> p.equalsIgnoreCase(".git"))) {
                    continue; // never a repository's own files in the job's folder
                }
                if (parts.stream().anyMatch(p -> p.isEmpty() || p.equals(".") || p.equals(".."))) {
                    throw new RunnerException("The commit holds a path the portal does not write: " + path);
                }
                Path to = root.resolve(relative).normalize();
                if (!to.startsWith(root)) {
                    throw new RunnerException("The commit holds a path the portal does not write: " + path);
                }
                FileMode mode = walk.getFileMode(0);
                if (mode == FileMode.GITLINK) {
                    submodules++;
                    continue;
                }
                if (++files > JobSources.MAX_FILES) {
                    throw new RunnerException("The job's folder in the commit holds more than " + JobSources.MAX_FILES + " files");
                }
                Files.createDirectories(to.getParent());
                ObjectLoader loader = repository.open(walk.getObjectId(0));
                bytes += loader.getSize();
                if (bytes > JobSources.MAX_BYTES) {
                    throw new RunnerException("The job's folder in the commit holds more than " + JobSources.MAX_BYTES / 1024 / 1024 + " MB");
                }
                if (mode == FileMode.SYMLINK) {
                    Files.createSymbolicLink(to, Path.of(new String(loader.getBytes(), StandardCharsets.UTF_8)));
                } else {
                    try (OutputStream out = Files.newOutputStream(to)) {
                        loader.copyTo(out);
                    }
                    if (mode == FileMode.EXECUTABLE_FILE) {
                        try {
                            var perms = EnumSet.copyOf(Files.getPosixFilePermissions(to));
                            perms.add(PosixFilePermission.OWNER_EXECUTE);
                            Files.setPosixFilePermissions(to, perms);
                        } catch (UnsupportedOperationException notPosix) {
                            // other file systems: left as it is
                        }
                    }
                }
            }
        }
        if (!any) {
            throw new RunnerException(folder.isEmpty() ? "Commit " + commit.getName() + " holds no file"
                    : "Commit " + commit.getName() + " has no folder " + folder);
        }
        // links: each must lead to something inside the job's folder
        List<Path> links = new ArrayList<>();
        Files.walkFileTree(root, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                if (attrs.isSymbolicLink()) {
                    links.add(file);
                }
                return FileVisitResult.CONTINUE;
            }
        });
        for (Path link : links) {
            String relative = root.relativize(link).toString();
            // where the link says it leads, before the host is asked whether that exists
            if (!link.getParent().resolve(Files.readSymbolicLink(link)).normalize().startsWith(root)) {
                throw new RunnerException(relative + " is a link that leads outside the job's folder; the job may use only files inside it");
            }
            Path real;
            try {
                real = link.toRealPath();
            } catch (IOException e) {
                throw new RunnerException(relative + " is a link to something the commit does not hold");
            }
            if (!real.startsWith(root)) {
                throw new RunnerException(relative + " is a link that leads outside the job's folder; the job may use only files inside it");
            }
        }
        return submodules;
    }

    static void delete(Path dir) {
        for (int attempt = 1; ; attempt++) {
            if (!Files.exists(dir, LinkOption.NOFOLLOW_LINKS)) {
                return;
            }
            try (Stream<Path> walk = Files.walk(dir)) {
                for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(p);
                }
                return;
            } catch (IOException | UncheckedIOException e) {
                // a file came or went under the walk (JGit's background gc writes and removes gc.log.lock): walk again
                if (attempt == 5) {
                    IOException cause = e instanceof UncheckedIOException u ? u.getCause() : (IOException) e;
                    throw new UncheckedIOException("Removing " + dir + " failed: " + cause.getMessage(), cause);
                }
            }
        }
    }

    /** Stops a fetch (JGit asks {@link #isCancelled} as it goes) past the time limit or once the repository is too large. */
    static final class Limits implements ProgressMonitor {

        static final class Exceeded extends RuntimeException {
            Exceeded(String message) {
                super(message);
            }
        }

        private final Path dir;
        private final long deadline;
        private final long maxBytes;
        private final String limit;
        private long measuredAt;
        private volatile String exceeded;

        Limits(Path dir, Duration timeout, long maxBytes) {
            this.dir = dir;
            this.limit = timeout.toSeconds() % 60 == 0 ? timeout.toMinutes() + " min" : timeout.toSeconds() + " s";
            long deadline = System.nanoTime() + timeout.toNanos();
            this.deadline = deadline;
            this.maxBytes = maxBytes;
        }

        Optional<String> exceeded() {
            return Optional.ofNullable(exceeded);
        }

        /** After the fetch: the limits as they are now (the size measured again). */
        void check() {
            measuredAt = System.nanoTime() - 1_000_000_000L;
            if (isCancelled()) {
                throw new Exceeded(exceeded);
            }
        }

        @Override
        public boolean isCancelled() {
            if (exceeded != null) {
                return true;
            }
            long now = System.nanoTime();
            if (now - deadline > 0) {
                exceeded = "Fetching the repository took longer than its limit of " + limit + "; nothing was run";
                return true;
            }
            if (now - measuredAt > 300_000_000L) {
                measuredAt = now;
                long size = size(dir);
                if (size > maxBytes) {
                    exceeded = "The repository is larger than the portal fetches (" + maxBytes / 1024 / 1024 + " MB); nothing was run";
                    return true;
                }
            }
            return false;
        }

        private static long size(Path dir) {
            long[] total = {0};
            try {
                Files.walkFileTree(dir, new SimpleFileVisitor<>() {
                    @Override
                    public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                        total[0] += attrs.size();
                        return FileVisitResult.CONTINUE;
                    }

                    @Override
                    public FileVisitResult visitFileFailed(Path file, IOException e) {
                        return FileVisitResult.CONTINUE;
                    }
                });
            } catch (IOException e) {
                // a file that vanished while measuring: counted as nothing
            }
            return total[0];
        }

        @Override
        public void start(int totalTasks) {
        }

        @Override
        public void beginTask(String title, int totalWork) {
        }

        @Override
        public void update(int completed) {
        }

        @Override
        public void endTask() {
        }

        @Override
        public void showDuration(boolean enabled) {
        }
    }
}
