package io.esteira.training;

import io.esteira.shared.InvalidRequestException;
import io.esteira.shared.NotFoundException;
import io.esteira.shared.Trace;
import io.esteira.shared.security.ActorType;
import io.esteira.training.TrainingEvents.TrainingRunOutputReceived;
import io.esteira.training.domain.TrainingJob;
import io.esteira.training.domain.TrainingJobs;
import io.esteira.training.domain.TrainingRun;
import io.esteira.training.domain.TrainingRuns;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Base64;
import java.util.HexFormat;
import java.util.UUID;
import java.util.regex.Pattern;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.slf4j.MDC;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.util.unit.DataSize;

/**
 * What a run on a remote runner (a Kubernetes Job) exchanges with the portal, admitted by the run's one-time token
 * only: the token is made when the run starts, only its SHA-256 is kept, and it admits nothing but its own run, only
 * while the run is under way and before it expires (the run's time limit and a quarter of an hour). The run fetches
 * its inputs as one zip (the code, the training set and its description, the parameters) and sends its outputs one
 * file at a time ({@code model.onnx}, {@code metrics.json}, {@code model-card.md}, {@code plots/<file>}), each with a
 * size limit; they land in the run's output folder, where the dispatcher reads them once the Job has ended.
 */
@Component
public class RunExchange {

    /** How long a token outlives the run's time limit: the pod may still be sending its outputs. */
    static final java.time.Duration TOKEN_GRACE = java.time.Duration.ofMinutes(15);
    static final long MAX_METRICS_BYTES = 1_000_000;
    static final long MAX_CARD_BYTES = JobOutputs.MAX_MODEL_CARD * 4L;
    static final long MAX_PLOT_BYTES = 10L * 1024 * 1024;
    private static final Pattern PLOT = Pattern.compile("plots/[A-Za-z0-9][A-Za-z0-9_.-]{0,99}");
    private static final SecureRandom RANDOM = new SecureRandom();

    private final TrainingRuns runs;
    private final TrainingJobs jobs;
    private final RunDispatcher dispatcher;
    private final ApplicationEventPublisher events;
    private final long maxModelBytes;
    private final TransactionTemplate tx;
    private final Clock clock;

    RunExchange(TrainingRuns runs, TrainingJobs jobs, RunDispatcher dispatcher, ApplicationEventPublisher events,
            PlatformTransactionManager transactions, @Value("${esteira.models.max-artifact-size:200MB}") DataSize maxModel, Clock clock) {
        this.clock = clock;
        this.runs = runs;
        this.jobs = jobs;
        this.dispatcher = dispatcher;
        this.events = events;
        this.maxModelBytes = maxModel.toBytes();
        this.tx = new TransactionTemplate(transactions);
    }

    /** A new token: 256 random bits, URL-safe. */
    static String newToken() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return "esr_" + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    static String hash(String token) {
        return HexFormat.of().formatHex(JobSources.sha256().digest(token.getBytes(StandardCharsets.UTF_8)));
    }

    /** Whether {@code token} is the one of run {@code runId}, and the run is under way. */
    @Transactional(readOnly = true)
    public boolean admits(UUID runId, String token) {
        if (token == null || token.isBlank() || token.length() > 200) {
            return false;
        }
        String hashed = hash(token.strip());
        return runs.findById(runId).map(r -> r.admits(hashed, clock.instant())).orElse(false);
    }

    /** The run's inputs as one zip: {@code source/}, {@code inputs/} and {@code params.json}, as the run's folder holds them. */
    public void writeBundle(UUID runId, OutputStream out) {
        Path dir = dispatcher.directory(admitted(runId).getId());
        try (ZipOutputStream zip = new ZipOutputStream(out)) {
            for (String part : new String[] {"source", "inputs"}) {
                Path folder = dir.resolve(part);
                if (Files.isDirectory(folder, LinkOption.NOFOLLOW_LINKS)) {
                    Files.walkFileTree(folder, new SimpleFileVisitor<>() {
                        @Override
                        public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) throws IOException {
                            if (attributes.isRegularFile()) {
                                add(zip, dir, file);
                            }
                            return FileVisitResult.CONTINUE;
                        }
                    });
                }
            }
            Path params = dir.resolve("params.json");
            if (Files.isRegularFile(params, LinkOption.NOFOLLOW_LINKS)) {
                add(zip, dir, params);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void add(ZipOutputStream zip, Path dir, Path file) throws IOException {
        zip.putNextEntry(new ZipEntry(dir.relativize(file).toString().replace('\\', '/')));
        Files.copy(file, zip);
        zip.closeEntry();
    }

    /** An output larger than its limit: nothing of it is kept. */
    public static final class TooLarge extends RuntimeException {
        TooLarge(String message) {
            super(message);
        }
    }

    public record Received(String name, long bytes, String sha256) {
    }

    /**
     * Stores one output of the run in its output folder (replacing an earlier upload of the same name).
     *
     * @throws InvalidRequestException for a name the contract does not know
     * @param declaredLength the body's length as its request declares it, or -1
     * @throws TooLarge                when the body is larger than the name's limit
     */
    public Received receive(UUID runId, String name, long declaredLength, InputStream body) {
        TrainingRun run = admitted(runId);
        long limit = limit(name);
        if (declaredLength > limit) {
            throw new TooLarge(name + " is larger than the " + DataSize.ofBytes(limit).toKilobytes() + " KB the portal takes for it");
        }
        Path output = dispatcher.directory(runId).resolve("output");
        Path temporary = null;
        try {
            Files.createDirectories(output.resolve("plots"));
            temporary = Files.createTempFile(output, ".upload-", ".part");
            MessageDigest digest = JobSources.sha256();
            long bytes = 0;
            try (OutputStream file = new DigestOutputStream(Files.newOutputStream(temporary), digest)) {
                byte[] buffer = new byte[64 * 1024];
                int n;
                while ((n = body.read(buffer)) >= 0) {
                    bytes += n;
                    if (bytes > limit) {
                        throw new TooLarge(name + " is larger than the " + DataSize.ofBytes(limit).toKilobytes() + " KB the portal takes for it");
                    }
                    file.write(buffer, 0, n);
                }
            }
            Files.move(temporary, output.resolve(name), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            temporary = null;
            String sha256 = HexFormat.of().formatHex(digest.digest());
            TrainingJob job = jobs.findById(run.getJobId()).orElseThrow();
            long received = bytes;
            Trace trace = new Trace("run token of " + job.getName() + " #" + run.getNumber(), ActorType.SYSTEM,
                    MDC.get(Trace.MDC_CLIENT_ADDRESS), MDC.get(Trace.MDC_CORRELATION_ID), clock.instant());
            // in a transaction of its own, not around the upload: the audit records what committed
            tx.executeWithoutResult(s -> events.publishEvent(new TrainingRunOutputReceived(run.getId(), job.getId(), job.getAreaId(),
                    job.getName(), run.getNumber(), name, received, "sha256:" + sha256, trace)));
            return new Received(name, bytes, "sha256:" + sha256);
        } catch (IOException e) {
            throw new UncheckedIOException("The output " + name + " could not be stored: " + e.getMessage(), e);
        } finally {
            if (temporary != null) {
                try {
                    Files.deleteIfExists(temporary);
                } catch (IOException ignored) {
                    // a left-over part goes with the run's folder
                }
            }
        }
    }

    long limit(String name) {
        return switch (name == null ? "" : name) {
            case JobOutputs.MODEL -> maxModelBytes;
            case JobOutputs.METRICS -> MAX_METRICS_BYTES;
            case JobOutputs.MODEL_CARD -> MAX_CARD_BYTES;
            default -> {
                if (PLOT.matcher(name).matches() && !name.contains("..")) {
                    yield MAX_PLOT_BYTES;
                }
                throw new InvalidRequestException("name", "The portal takes " + JobOutputs.MODEL + ", " + JobOutputs.METRICS + ", "
                        + JobOutputs.MODEL_CARD + " and plots/<file> (letters, digits, _ . -), not " + name);
            }
        };
    }

    private TrainingRun admitted(UUID runId) {
        TrainingRun run = runs.findById(runId).orElseThrow(() -> new NotFoundException("training run", runId));
        if (run.getState().finished()) {
            throw new NotFoundException("training run", runId);
        }
        return run;
    }
}
