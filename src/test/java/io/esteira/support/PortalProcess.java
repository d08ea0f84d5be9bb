package io.esteira.support;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarFile;
import java.util.jar.Manifest;

/**
 * The whole portal ({@code io.esteira.EsteiraApplication}) in a JVM of its own, started from the
 * test JVM's class path without the test classes, on the JDK that runs the tests. Being a real
 * process, it can be killed hard ({@link #kill()} is SIGKILL: no shutdown hook, no Quartz shutdown,
 * no last check-in), as a node of a cluster dies. Its output goes to {@code <dir>/<name>.log}.
 */
public final class PortalProcess implements AutoCloseable {

    public static final String MAIN_CLASS = "io.esteira.EsteiraApplication";
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private final String name;
    private final int port;
    private final Path log;
    private final Process process;

    private PortalProcess(String name, int port, Path log, Process process) {
        this.name = name;
        this.port = port;
        this.log = log;
        this.process = process;
    }

    /**
     * Starts a portal; it is not ready yet (see {@link #awaitHealthy}).
     *
     * @param dir        where its log and class path file go (the data directory is {@code ESTEIRA_DATA_DIR} in {@code env})
     * @param env        environment variables on top of a clean copy of this JVM's (no ESTEIRA_*, SPRING_*, PORT);
     *                   {@code PORT} and {@code ESTEIRA_NODE} are set here
     * @param jvmOptions e.g. {@code -Dsome.property=value}, {@code -Xmx1g}
     */
    public static PortalProcess start(String name, Path dir, Map<String, String> env, List<String> jvmOptions) {
        try {
            Files.createDirectories(dir);
            int port = freePort();
            Path classPath = dir.resolve("classpath.args");
            Files.writeString(classPath, "-cp " + quoted(String.join(java.io.File.pathSeparator, portalClassPath())) + "\n");
            List<String> command = new ArrayList<>();
            command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
            command.addAll(jvmOptions);
            command.add("@" + classPath.toAbsolutePath());
            command.add(MAIN_CLASS);
            ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
            Path log = dir.resolve(name + ".log").toAbsolutePath();
            builder.redirectOutput(log.toFile());
            Map<String, String> environment = builder.environment();
            environment.keySet().removeIf(k -> k.startsWith("ESTEIRA_") || k.startsWith("SPRING_") || k.equals("PORT")
                    || k.startsWith("LOGGING_") || k.equals("JAVA_TOOL_OPTIONS") || k.equals("JDK_JAVA_OPTIONS"));
            environment.putAll(env);
            environment.put("PORT", Integer.toString(port));
            environment.put("ESTEIRA_NODE", name);
            Process process = builder.start();
            // should the test JVM end first (Ctrl+C, a surefire timeout), the portal ends with it
            Runtime.getRuntime().addShutdownHook(new Thread(process::destroyForcibly));
            return new PortalProcess(name, port, log, process);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the portal " + name, e);
        }
    }

    /** Waits until {@code /actuator/health} says UP; fails at once, with the log's tail, if the process exits. */
    public PortalProcess awaitHealthy(Duration atMost) {
        try {
            await(name + " healthy on port " + port).atMost(atMost).pollInterval(Duration.ofMillis(500)).until(() -> {
                if (!process.isAlive()) {
                    throw new IllegalStateException(name + " exited with " + process.exitValue() + " before it was healthy:\n" + logTail(60));
                }
                return healthy();
            });
        } catch (org.awaitility.core.ConditionTimeoutException e) {
            throw new IllegalStateException(e.getMessage() + "\n" + logTail(60), e);
        }
        return this;
    }

    public boolean healthy() {
        try {
            HttpResponse<String> health = HTTP.send(HttpRequest.newBuilder(URI.create(baseUrl() + "/actuator/health"))
                    .timeout(Duration.ofSeconds(3)).GET().build(), HttpResponse.BodyHandlers.ofString());
            return health.statusCode() == 200 && health.body().contains("\"UP\"");
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    public String name() {
        return name;
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + port;
    }

    public Path log() {
        return log;
    }

    public long pid() {
        return process.pid();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** SIGKILL, as when a machine or container dies; returns when the process is gone. */
    public void kill() {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        waitForExit(Duration.ofSeconds(20));
    }

    /** SIGTERM (a graceful Spring shutdown), then SIGKILL if it takes too long. */
    public void stop() {
        if (!process.isAlive()) {
            return;
        }
        process.destroy();
        if (!waitForExit(Duration.ofSeconds(30))) {
            kill();
        }
    }

    @Override
    public void close() {
        stop();
    }

    /** The last lines of its log, for a failure message. */
    public String logTail(int lines) {
        try {
            List<String> all = Files.readAllLines(log, StandardCharsets.UTF_8);
            return "----- last " + Math.min(lines, all.size()) + " lines of " + log + " -----\n"
                    + String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException | UncheckedIOException e) {
            return "(no log at " + log + ": " + e.getMessage() + ")";
        }
    }

    /** How many lines of its log contain the text. */
    public long logLinesContaining(String text) {
        try (var lines = Files.lines(log, StandardCharsets.UTF_8)) {
            return lines.filter(l -> l.contains(text)).count();
        } catch (IOException | UncheckedIOException e) {
            return 0;
        }
    }

    /** The first line of its log that contains the text. */
    public java.util.Optional<String> firstLogLineContaining(String text) {
        try (var lines = Files.lines(log, StandardCharsets.UTF_8)) {
            return lines.filter(l -> l.contains(text)).findFirst();
        } catch (IOException | UncheckedIOException e) {
            return java.util.Optional.empty();
        }
    }

    private boolean waitForExit(Duration atMost) {
        try {
            return process.waitFor(atMost.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /**
     * The test JVM's class path minus its test classes (so no test configuration or test component
     * is scanned). When surefire hands over a manifest-only jar, the manifest's Class-Path is used.
     */
    static List<String> portalClassPath() {
        String testClasses = Path.of("target", "test-classes").toAbsolutePath().normalize().toString();
        String mainClasses = Path.of("target", "classes").toAbsolutePath().normalize().toString();
        List<String> entries = new ArrayList<>();
        for (String entry : System.getProperty("java.class.path").split(java.io.File.pathSeparator)) {
            if (entry.isBlank()) {
                continue;
            }
            if (entry.endsWith(".jar") && Path.of(entry).getFileName().toString().startsWith("surefire")) {
                entries.addAll(manifestClassPath(Path.of(entry)));
            } else {
                entries.add(entry);
            }
        }
        List<String> portal = entries.stream().map(e -> Path.of(e).toAbsolutePath().normalize().toString())
                .filter(e -> !e.equals(testClasses)).distinct().toList();
        if (!portal.contains(mainClasses)) {
            throw new IllegalStateException("The portal's classes (" + mainClasses + ") are not on the class path: " + portal);
        }
        return portal;
    }

    private static List<String> manifestClassPath(Path jar) {
        try (JarFile file = new JarFile(jar.toFile())) {
            Manifest manifest = file.getManifest();
            String classPath = manifest == null ? null : manifest.getMainAttributes().getValue("Class-Path");
            if (classPath == null) {
                return List.of(jar.toString());
            }
            URI base = jar.toAbsolutePath().getParent().toUri();
            return Arrays.stream(classPath.trim().split("\\s+")).map(u -> Path.of(base.resolve(u)).toString()).toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the class path of " + jar, e);
        }
    }

    private static String quoted(String value) {
        return "\"" + value.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        }
    }

    @Override
    public String toString() {
        return name + " (pid " + process.pid() + ", port " + port + ")";
    }

}
