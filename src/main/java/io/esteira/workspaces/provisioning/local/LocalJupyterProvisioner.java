package io.esteira.workspaces.provisioning.local;

import io.esteira.workspaces.provisioning.Activity;
import io.esteira.workspaces.provisioning.Availability;
import io.esteira.workspaces.provisioning.NotebookPaths;
import io.esteira.workspaces.provisioning.Provisioner;
import io.esteira.workspaces.provisioning.ProvisioningException;
import io.esteira.workspaces.provisioning.RuntimeInstance;
import io.esteira.workspaces.provisioning.RuntimeRef;
import io.esteira.workspaces.provisioning.RuntimeStatus;
import io.esteira.workspaces.provisioning.RuntimeStatus.Phase;
import io.esteira.workspaces.provisioning.WorkspaceSpec;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.CodingErrorAction;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * Runs each workspace as a real Jupyter Notebook server, a child process of the portal bound to
 * 127.0.0.1, in its own directory under the data directory. The server is started in a session of
 * its own, so it outlives a portal restart; {@code runtime.properties} in its directory is how the
 * portal finds it again. The token reaches Jupyter through its environment, never its command line,
 * so other users of the machine cannot read it with {@code ps}; the server's base URL is the portal's
 * proxy path ({@link NotebookPaths#basePath}), so people reach it only through the portal, which
 * adds the token itself. The workspace's directory is the portal user's alone (700, its log and
 * runtime file 600, and Jupyter runs with umask 077).
 */
@Component
public class LocalJupyterProvisioner implements Provisioner {

    public static final String KIND = "local";
    static final int MAX_LOG_BYTES = 256 * 1024;
    static final String INSTALL_HINT = "sudo apt-get install -y jupyter-notebook";
    private static final Logger log = LoggerFactory.getLogger(LocalJupyterProvisioner.class);

    private final Path root;
    private final String jupyter;
    private final JupyterClient client = new JupyterClient();
    private volatile Availability availability;

    private final boolean enabled;

    @Autowired
    public LocalJupyterProvisioner(@Value("${esteira.data-dir}") Path dataDir,
            @Value("${esteira.workspaces.local.jupyter:jupyter}") String jupyter,
            @Value("${esteira.workspaces.local.enabled:true}") boolean enabled) {
        this.root = dataDir.resolve("workspaces").toAbsolutePath().normalize();
        this.jupyter = jupyter;
        this.enabled = enabled;
    }

    /** A provisioner outside Spring, e.g. for tools and tests. */
    public LocalJupyterProvisioner(Path dataDir, String jupyter) {
        this(dataDir, jupyter, true);
    }

    @Override
    public String kind() {
        return KIND;
    }

    @Override
    public Availability availability() {
        Availability known = availability;
        if (known == null || !known.available()) {
            known = probe();
            availability = known;
        }
        return known;
    }

    private Availability probe() {
        if (!enabled) {
            return Availability.no("Workspaces on the portal's machine are turned off: their notebooks would run as the portal's "
                    + "own operating-system user, without isolation. Set ESTEIRA_WORKSPACES_LOCAL_ENABLED=true to accept that.");
        }
        Optional<Path> executable = onPath(jupyter);
        if (executable.isEmpty()) {
            return Availability.no("Jupyter Notebook is not installed on the portal's machine. Install it with: " + INSTALL_HINT);
        }
        try {
            Process p = new ProcessBuilder(executable.get().toString(), "notebook", "--version").redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            if (!p.waitFor(20, TimeUnit.SECONDS) || p.exitValue() != 0) {
                return Availability.no("jupyter notebook does not run here (" + lastLine(out) + "). Install it with: " + INSTALL_HINT);
            }
            return Availability.yes("Jupyter Notebook " + lastLine(out) + " on the portal's machine");
        } catch (IOException e) {
            return Availability.no("jupyter notebook does not run here (" + e.getMessage() + "). Install it with: " + INSTALL_HINT);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Availability.no("Interrupted while checking for Jupyter");
        }
    }

    @Override
    public RuntimeRef provision(WorkspaceSpec spec) {
        requireAvailable();
        Path dir = directory(spec.id());
        try {
            OwnerOnly.directories(root, dir.resolve("notebooks"));
            OwnerOnly.directories(root, dir.resolve(".jupyter/runtime"));
        } catch (UncheckedIOException e) {
            throw new ProvisioningException("Cannot create the workspace's directory " + dir + ": " + e.getCause().getMessage(), e);
        }
        restrictFiles(dir);
        if (spec.gitRepository() != null && !spec.gitRepository().isBlank()) {
            cloneRepository(spec.gitRepository(), dir);
        }
        return launch(spec, dir);
    }

    @Override
    public RuntimeRef start(WorkspaceSpec spec, RuntimeRef ref) {
        requireAvailable();
        Path dir = directory(spec.id());
        if (!Files.isDirectory(dir.resolve("notebooks"))) {
            throw new ProvisioningException("The workspace's files are gone from " + dir);
        }
        Optional<RuntimeFile> file = RuntimeFile.read(dir);
        Optional<ProcessHandle> running = file.flatMap(this::liveProcess);
        if (running.isPresent() && file.get().proxied()) {
            return file.get().ref();
        }
        // a server started before notebooks were proxied has the wrong base URL: it is started again
        running.ifPresent(LocalJupyterProvisioner::terminate);
        return launch(spec, dir);
    }

    private RuntimeRef launch(WorkspaceSpec spec, Path dir) {
        int port = freePort();
        String basePath = NotebookPaths.basePath(spec.id());
        restrictFiles(dir);
        // umask 077: whatever Jupyter and the notebooks write is the portal user's alone
        List<String> command = List.of("setsid", "sh", "-c", "umask 077 && exec \"$0\" \"$@\"",
                onPath(jupyter).orElseThrow().toString(), "notebook", "--no-browser",
                "--ip=127.0.0.1", "--port=" + port, "--port-retries=0", "--notebook-dir=" + dir.resolve("notebooks"),
                "--NotebookApp.base_url=" + basePath, "--NotebookApp.allow_remote_access=False",
                "--NotebookApp.open_browser=False", "--NotebookApp.quit_button=False");
        if ("root".equals(System.getProperty("user.name"))) {
            // containers and CI often run as root; Jupyter refuses that unless told
            command = new ArrayList<>(command);
            command.add("--allow-root");
        }
        ProcessBuilder builder = new ProcessBuilder(command)
                .directory(dir.toFile())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("jupyter.log").toFile()));
        Map<String, String> env = isolatedEnvironment(builder, dir);
        env.put("JUPYTER_TOKEN", spec.token());
        env.put("JUPYTER_CONFIG_DIR", dir.resolve(".jupyter").toString());
        env.put("JUPYTER_RUNTIME_DIR", dir.resolve(".jupyter/runtime").toString());
        env.put("IPYTHONDIR", dir.resolve(".ipython").toString());
        env.put("PYTHONUNBUFFERED", "1");
        try {
            Process process = builder.start();
            RuntimeFile file = new RuntimeFile(process.pid(), port, false, basePath);
            file.write(dir);
            log.info("Started Jupyter for workspace {} as pid {} on port {}", spec.id(), process.pid(), port);
            return file.ref();
        } catch (IOException e) {
            throw new ProvisioningException("Cannot start Jupyter: " + e.getMessage(), e);
        }
    }

    @Override
    public void stop(WorkspaceSpec spec, RuntimeRef ref) {
        Path dir = directory(spec.id());
        RuntimeFile.read(dir).ifPresent(file -> {
            file.markedStopped().write(dir);
            liveProcess(file).ifPresent(LocalJupyterProvisioner::terminate);
        });
    }

    @Override
    public void delete(WorkspaceSpec spec, RuntimeRef ref) {
        stop(spec, ref);
        deleteDirectory(directory(spec.id()));
    }

    @Override
    public RuntimeStatus status(WorkspaceSpec spec, RuntimeRef ref) {
        Path dir = directory(spec.id());
        Optional<RuntimeFile> file = RuntimeFile.read(dir);
        if (file.isEmpty()) {
            return RuntimeStatus.of(Files.isDirectory(dir.resolve("notebooks")) ? Phase.STOPPED : Phase.ABSENT);
        }
        if (liveProcess(file.get()).isEmpty()) {
            return file.get().stopped() ? RuntimeStatus.of(Phase.STOPPED)
                    : RuntimeStatus.failed("The notebook server exited unexpectedly (its last log line: " + lastLine(tail(dir, 5)) + ")");
        }
        if (!file.get().proxied()) {
            return RuntimeStatus.failed("The notebook server was started before the portal served notebooks itself; start the workspace again");
        }
        return client.answers(file.get().ref().address(), spec.token()) ? RuntimeStatus.of(Phase.READY)
                : RuntimeStatus.of(Phase.PENDING);
    }

    @Override
    public Activity activity(WorkspaceSpec spec, RuntimeRef ref) {
        return RuntimeFile.read(directory(spec.id()))
                .map(file -> client.activity(file.ref().address(), spec.token()))
                .orElse(new Activity(null, 0));
    }

    @Override
    public String log(WorkspaceSpec spec, RuntimeRef ref, int maxLines) {
        String text = tail(directory(spec.id()), maxLines);
        return text.isEmpty() ? "(the notebook server has not written anything yet)" : text.replace(spec.token(), "[token hidden]");
    }

    @Override
    public List<RuntimeInstance> inventory() {
        if (!Files.isDirectory(root)) {
            return List.of();
        }
        List<RuntimeInstance> found = new ArrayList<>();
        try (Stream<Path> dirs = Files.list(root)) {
            OwnerOnly.restrict(root);
            dirs.filter(Files::isDirectory).forEach(dir -> RuntimeFile.read(dir).ifPresent(file -> {
                restrictFiles(dir);
                if (liveProcess(file).isPresent()) {
                    found.add(new RuntimeInstance(KIND, parseId(dir.getFileName().toString()),
                            "pid " + file.pid() + " on port " + file.port() + " in " + dir, file.ref()));
                }
            }));
        } catch (IOException e) {
            throw new ProvisioningException("Cannot list " + root + ": " + e.getMessage(), e);
        }
        return found;
    }

    @Override
    public void remove(RuntimeInstance orphan) {
        RuntimeFile file = RuntimeFile.parse(orphan.ref().handle());
        liveProcess(file).ifPresent(LocalJupyterProvisioner::terminate);
        if (orphan.workspaceId() != null) {
            deleteDirectory(directory(orphan.workspaceId()));
        }
    }

    /** The workspace's directory, log and runtime file for the portal's user only (also for directories made by older versions). */
    private void restrictFiles(Path dir) {
        try {
            OwnerOnly.restrict(root);
            OwnerOnly.restrict(dir);
            OwnerOnly.file(dir.resolve("jupyter.log"));
            OwnerOnly.restrict(dir.resolve(RuntimeFile.NAME));
            OwnerOnly.restrict(dir.resolve(".jupyter"));
            OwnerOnly.restrict(dir.resolve(".jupyter/runtime"));
        } catch (UncheckedIOException e) {
            throw new ProvisioningException("Cannot restrict the workspace's files to the portal's user: " + e.getCause().getMessage(), e);
        }
    }

    Path directory(UUID workspaceId) {
        return root.resolve(workspaceId.toString());
    }

    private void requireAvailable() {
        Availability a = availability();
        if (!a.available()) {
            throw new ProvisioningException(a.message());
        }
    }

    private void cloneRepository(String repository, Path dir) {
        Path target = dir.resolve("notebooks/repo");
        if (Files.exists(target)) {
            return;
        }
        try {
            ProcessBuilder builder = new ProcessBuilder("git", "clone", "--depth", "1", "--", repository, target.toString())
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("jupyter.log").toFile()));
            // no credentials of the portal's account: no prompts, no global config or helpers, no ssh keys
            Map<String, String> env = isolatedEnvironment(builder, dir);
            env.put("GIT_TERMINAL_PROMPT", "0");
            env.put("GIT_CONFIG_NOSYSTEM", "1");
            env.put("GIT_CONFIG_GLOBAL", "/dev/null");
            env.put("GIT_SSH_COMMAND", "ssh -F /dev/null -o BatchMode=yes -o IdentitiesOnly=yes -o IdentityFile=/dev/null");
            Process git = builder.start();
            git.getOutputStream().close();
            if (!git.waitFor(120, TimeUnit.SECONDS)) {
                git.destroyForcibly();
                throw new ProvisioningException("Cloning the repository took longer than 2 minutes");
            }
            if (git.exitValue() != 0) {
                throw new ProvisioningException("Cloning the repository failed (see the workspace's log)");
            }
        } catch (IOException e) {
            throw new ProvisioningException("Cannot run git: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ProvisioningException("Interrupted while cloning the repository");
        }
    }

    /** The process of a runtime file, if it is alive and still Jupyter (a recycled pid is not ours). */
    private Optional<ProcessHandle> liveProcess(RuntimeFile file) {
        if (file.pid() <= 0) {
            return Optional.empty();
        }
        return ProcessHandle.of(file.pid())
                .filter(ProcessHandle::isAlive)
                .filter(p -> p.info().commandLine().map(c -> c.contains("jupyter") || c.contains("notebook")).orElse(true));
    }

    private static void terminate(ProcessHandle process) {
        List<ProcessHandle> children = process.descendants().toList();
        process.destroy();
        try {
            process.onExit().get(15, TimeUnit.SECONDS);
        } catch (Exception e) {
            process.destroyForcibly();
        }
        children.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly);
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new ProvisioningException("No free port for the notebook server: " + e.getMessage(), e);
        }
    }

    /**
     * The process gets a clean environment: the portal's own (database password, client secrets)
     * must not reach code that users run.
     */
    private static Map<String, String> isolatedEnvironment(ProcessBuilder builder, Path dir) {
        Map<String, String> env = builder.environment();
        String path = env.getOrDefault("PATH", "/usr/local/bin:/usr/bin:/bin");
        env.clear();
        env.put("PATH", path);
        env.put("HOME", dir.toString());
        env.put("LANG", "C.UTF-8");
        return env;
    }

    /** The last lines of the log, reading at most its last 256 KiB whatever its size or encoding. */
    static String tail(Path dir, int lines) {
        Path file = dir.resolve("jupyter.log");
        if (!Files.exists(file, LinkOption.NOFOLLOW_LINKS)) {
            return "";
        }
        try (SeekableByteChannel channel = Files.newByteChannel(file, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS)) {
            long size = channel.size();
            int length = (int) Math.min(size, MAX_LOG_BYTES);
            ByteBuffer buffer = ByteBuffer.allocate(length);
            channel.position(size - length);
            while (buffer.hasRemaining() && channel.read(buffer) > 0) {
                // read the tail
            }
            String text = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPLACE)
                    .onUnmappableCharacter(CodingErrorAction.REPLACE)
                    .decode(buffer.flip()).toString();
            List<String> all = text.lines().toList();
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException e) {
            return "(cannot read the log: " + e.getMessage() + ")";
        }
    }

    private static String lastLine(String text) {
        String[] lines = text.strip().split("\n");
        return lines.length == 0 || lines[lines.length - 1].isBlank() ? "no output" : lines[lines.length - 1].strip();
    }

    private static UUID parseId(String name) {
        try {
            return UUID.fromString(name);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static Optional<Path> onPath(String command) {
        if (command.contains(File.separator)) {
            Path p = Path.of(command);
            return Files.isExecutable(p) ? Optional.of(p) : Optional.empty();
        }
        String path = Optional.ofNullable(System.getenv("PATH")).orElse("/usr/local/bin:/usr/bin:/bin");
        return Stream.of(path.split(File.pathSeparator))
                .map(d -> Path.of(d, command))
                .filter(Files::isExecutable)
                .findFirst();
    }

    private static void deleteDirectory(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (IOException | UncheckedIOException e) {
            throw new ProvisioningException("Cannot remove " + dir + ": " + e.getMessage(), e);
        }
    }

    static Duration httpTimeout() {
        return Duration.ofSeconds(3);
    }
}
