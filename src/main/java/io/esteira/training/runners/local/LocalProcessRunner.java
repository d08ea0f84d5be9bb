package io.esteira.training.runners.local;

import io.esteira.training.runners.BoundedLog;
import io.esteira.training.runners.RunRef;
import io.esteira.training.runners.RunSpec;
import io.esteira.training.runners.Runner;
import io.esteira.training.runners.RunnerException;
import io.esteira.training.runners.RunningJob;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * Runs a job as a child process of the portal on its own node, in the run's directory, with a clean
 * environment: only what the job contract gives (and a PATH of the system's directories), never the
 * portal's own variables (database password, client secrets, keys). Its stdout and stderr are one log,
 * kept bounded. The process does not outlive the portal's watch: a run whose portal restarted is found
 * by its pid and start time and stopped, then marked lost; it is never run again by itself.
 */
@Component
public class LocalProcessRunner implements Runner {

    public static final String KIND = "local";
    public static final String PYTHON = "python3";
    /** Java source-file programs ({@code java Train.java}) with the portal's own libraries (Tribuo, ONNX, Jackson) on their class path. */
    public static final String JAVA = "java";
    /** The directories a job finds programs in: the system's, whatever the portal's own PATH holds (e.g. a private Python). */
    static final String PATH = "/usr/local/bin:/usr/bin:/bin";
    private static final Logger log = LoggerFactory.getLogger(LocalProcessRunner.class);

    private final String python;
    private final boolean enabled;
    private final JavaEnvironment java;
    private volatile Availability availability;
    private final Clock clock;

    LocalProcessRunner(@Value("${esteira.training.local.python:python3}") String python,
            @Value("${esteira.training.local.enabled:true}") boolean enabled,
            @Value("${esteira.training.local.java-classpath:}") String javaClassPath, Clock clock) {
        this.clock = clock;
        this.python = python;
        this.enabled = enabled;
        this.java = JavaEnvironment.of(javaClassPath);
    }

    @Override
    public String kind() {
        return KIND;
    }

    @Override
    public List<String> environments() {
        return List.of(PYTHON, JAVA);
    }

    /** The command that runs an entrypoint in an environment. */
    @Override
    public List<String> command(String environment, String entrypoint) {
        return switch (environment) {
            case PYTHON -> List.of(executable(python).map(Path::toString).orElse(python), "-u", entrypoint);
            case JAVA -> java.command(entrypoint);
            default -> throw new RunnerException("The local runner offers " + String.join(", ", environments()) + ", not " + environment);
        };
    }

    /** Available when one of its environments is. */
    @Override
    public Availability availability() {
        Availability python = availability(PYTHON);
        if (python.available() || !enabled) {
            return python;
        }
        Availability java = availability(JAVA);
        return java.available() ? java : python;
    }

    @Override
    public Availability availability(String environment) {
        if (JAVA.equals(environment)) {
            return enabled ? java.availability() : probe();
        }
        Availability known = availability;
        if (known == null || !known.available()) {
            known = probe();
            availability = known;
        }
        return known;
    }

    private Availability probe() {
        if (!enabled) {
            return Availability.no("Training on the portal's machine is turned off (ESTEIRA_TRAINING_LOCAL_ENABLED=false)");
        }
        Optional<Path> executable = executable(python);
        if (executable.isEmpty()) {
            return Availability.no(python + " is not installed on the portal's machine; install it with: apt-get install -y python3 python3-sklearn python3-onnx");
        }
        try {
            Process p = new ProcessBuilder(executable.get().toString(), "--version").redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            if (!p.waitFor(20, TimeUnit.SECONDS) || p.exitValue() != 0) {
                return Availability.no(python + " does not run here (" + out + ")");
            }
            return Availability.yes(out + " on the portal's machine");
        } catch (IOException e) {
            return Availability.no(python + " does not run here (" + e.getMessage() + ")");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Availability.no("Interrupted while checking for " + python);
        }
    }

    @Override
    public RunningJob start(RunSpec spec, BoundedLog runLog) {
        boolean javaJob = spec.command().getFirst().equals(java.executable());
        Availability a = availability(javaJob ? JAVA : PYTHON);
        if (!a.available()) {
            throw new RunnerException(a.message());
        }
        ProcessBuilder builder = new ProcessBuilder(spec.command()).directory(spec.workingDirectory().toFile()).redirectErrorStream(true);
        Map<String, String> env = builder.environment();
        env.clear();
        env.put("PATH", PATH);
        env.put("LANG", "C.UTF-8");
        env.put("PYTHONUNBUFFERED", "1");
        env.put("PYTHONDONTWRITEBYTECODE", "1");
        env.put("PYTHONNOUSERSITE", "1");
        // numeric libraries use as many threads as the size has vCPUs, not the node's
        String threads = String.valueOf(Math.max(1, spec.vcpu()));
        env.put("OMP_NUM_THREADS", threads);
        env.put("OPENBLAS_NUM_THREADS", threads);
        env.put("MKL_NUM_THREADS", threads);
        if (javaJob) {
            // the JVM sizes itself to the job's size, not to the node
            env.put("CLASSPATH", java.classPath());
            env.put("JDK_JAVA_OPTIONS", "-XX:ActiveProcessorCount=" + threads + " -Xmx" + Math.max(256, spec.memoryGib() * 768) + "m");
        }
        env.putAll(spec.environment());
        Process process;
        try {
            Files.createDirectories(Path.of(spec.environment().getOrDefault("HOME", spec.directory().resolve("home").toString())));
            Files.createDirectories(Path.of(spec.environment().getOrDefault("TMPDIR", spec.directory().resolve("tmp").toString())));
            process = builder.start();
        } catch (IOException e) {
            throw new RunnerException("The job did not start: " + e.getMessage(), e);
        }
        try {
            process.getOutputStream().close();
        } catch (IOException ignored) {
            // the job reads no input
        }
        Instant started = process.info().startInstant().orElse(clock.instant());
        Thread pump = Thread.ofVirtual().name("training-log-" + spec.runId()).start(() -> {
            try {
                runLog.pump(process.getInputStream());
            } catch (IOException e) {
                log.debug("Log of run {} ended: {}", spec.runId(), e.getMessage());
            }
        });
        log.info("Training run {} started as pid {}: {}", spec.runId(), process.pid(), String.join(" ", spec.command()));
        return new LocalJob(new RunRef(spec.runId(), spec.directory(), process.pid(), started), process.toHandle(), process, pump);
    }

    @Override
    public Optional<RunningJob> find(RunRef ref) {
        if (ref.pid() <= 0) {
            return Optional.empty();
        }
        return ProcessHandle.of(ref.pid())
                .filter(ProcessHandle::isAlive)
                .filter(p -> ref.startedAt() == null || p.info().startInstant()
                        .map(s -> Duration.between(s, ref.startedAt()).abs().toSeconds() < 2).orElse(true))
                .map(p -> new LocalJob(ref, p, null, null));
    }

    private static Optional<Path> executable(String command) {
        if (command.contains(File.separator)) {
            Path p = Path.of(command);
            return Files.isExecutable(p) ? Optional.of(p) : Optional.empty();
        }
        return Stream.of(PATH.split(File.pathSeparator)).map(d -> Path.of(d, command)).filter(Files::isExecutable).findFirst();
    }

    /** A job's process; {@code process} is null for a process found again after a restart. */
    static final class LocalJob implements RunningJob {

        private final RunRef ref;
        private final ProcessHandle handle;
        private final Process process;
        private final Thread pump;

        LocalJob(RunRef ref, ProcessHandle handle, Process process, Thread pump) {
            this.ref = ref;
            this.handle = handle;
            this.process = process;
            this.pump = pump;
        }

        @Override
        public RunRef ref() {
            return ref;
        }

        @Override
        public OptionalInt awaitExit(Duration timeout) {
            try {
                if (process != null) {
                    if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                        return OptionalInt.empty();
                    }
                    // the last bytes of its output reach the log before the end is told (a grandchild holding the pipe open is not waited for long)
                    pump.join(Duration.ofSeconds(5));
                    return OptionalInt.of(process.exitValue());
                }
                handle.onExit().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
                return OptionalInt.of(-1);
            } catch (java.util.concurrent.TimeoutException e) {
                return OptionalInt.empty();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return OptionalInt.empty();
            } catch (java.util.concurrent.ExecutionException e) {
                return OptionalInt.of(-1);
            }
        }

        @Override
        public void stop() {
            List<ProcessHandle> tree = new ArrayList<>(handle.descendants().toList());
            tree.forEach(ProcessHandle::destroy);
            handle.destroy();
            try {
                handle.onExit().get(10, TimeUnit.SECONDS);
            } catch (Exception e) {
                handle.destroyForcibly();
            }
            tree.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly);
        }
    }
}
