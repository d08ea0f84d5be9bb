package io.esteira.training;

import static io.esteira.support.Personas.ADMIN;
import static io.esteira.support.Personas.DS_FRAUD;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.esteira.areas.AreaService;
import io.esteira.areas.AreaSummary;
import io.esteira.features.FeatureGroupService;
import io.esteira.features.FeatureGroupView;
import io.esteira.features.TrainingSets;
import io.esteira.models.ModelDraft;
import io.esteira.models.ModelRegistry;
import io.esteira.models.ModelView;
import io.esteira.shared.NotFoundException;
import io.esteira.shared.security.SystemActor;
import io.esteira.support.IntegrationTest;
import io.esteira.support.Personas;
import io.esteira.training.domain.RunState;
import java.io.BufferedWriter;
import java.io.Writer;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.MemoryUsage;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.TestPropertySource;

/**
 * Not a test: a measurement, run on demand with
 * {@code ./mvnw -o test -Dtest=TrainingBenchmark -DargLine=-Xmx512m} (the embedded default's demo warehouse at its
 * full size, 50,000 customers and 1,000,000 card transactions, generated in target/bench-data on the first run).
 * Reports to target/benchmarks/training.txt: resolving a training set of the 1,000,000 transactions with the demo
 * feature group's point-in-time features into the CSV file a job reads (time, size, and the heap: used with its
 * garbage, and what each collection left, under the maximum heap given); submit to RUNNING of a local run (the
 * time from the request to the run's process started, over several runs); and the demo training job's wall time
 * (card-fraud-weekly: the sample logistic regression on its 20,000-transaction set, from submit to its version
 * registered). {@link TrainingOnPostgresBenchmark} does the same with the portal's database on PostgreSQL, where the
 * feature store's offline rows are not in the JVM's heap as they are in the embedded H2.
 */
@IntegrationTest
@TestPropertySource(properties = {"esteira.data-dir=target/bench-data", "esteira.demo.warehouse.customers=50000",
        "esteira.demo.warehouse.transactions=1000000"})
class TrainingBenchmark {

    private static final String GROUP = "latest_card_transaction";
    private static final int RUNS = Integer.getInteger("esteira.bench.runs", 8);

    @Autowired
    TrainingSets trainingSets;
    @Autowired
    TrainingService training;
    @Autowired
    FeatureGroupService featureGroups;
    @Autowired
    ModelRegistry registry;
    @Autowired
    AreaService areas;
    @Autowired
    Personas personas;

    private final List<String> report = new ArrayList<>();

    @Test
    void aMillionRowTrainingSetAndTheRunsOfTheDemoJob() throws Exception {
        line("%s at %s on %d cores, Java %s, max heap %d MB", getClass().getSimpleName(), Instant.now(),
                Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"), Runtime.getRuntime().maxMemory() >> 20);
        UUID fraud = personas.call(ADMIN, areas::myAreas).stream().filter(a -> a.code().equals("FRAUD")).map(AreaSummary::id).findFirst()
                .orElseThrow();
        long w0 = System.nanoTime();
        await("the demo warehouse and its feature group").atMost(Duration.ofMinutes(30)).pollInterval(Duration.ofSeconds(1))
                .until(() -> SystemActor.call(() -> {
                    try {
                        return featureGroups.getByName(GROUP).latestPublished().isPresent();
                    } catch (NotFoundException e) {
                        return false;
                    }
                }));
        FeatureGroupView.VersionView group = SystemActor.call(() -> featureGroups.getByName(GROUP).latestPublished()).orElseThrow();
        line("demo warehouse (1,000,000 transactions) and its feature group ready in %.0f s", seconds(w0));
        // the demo's own model is trained by a run of its job (card-fraud-train) once the group is published: measured alone after it
        long d0 = System.nanoTime();
        await("the demo model's first version").atMost(Duration.ofMinutes(30)).pollInterval(Duration.ofSeconds(1))
                .until(() -> SystemActor.call(() -> {
                    try {
                        return registry.getByName("card_fraud", fraud).versionCount() > 0;
                    } catch (NotFoundException e) {
                        return false;
                    }
                }));
        line("the demo model card_fraud v1 registered by its training job (100,000 transactions) %.0f s later", seconds(d0));

        // 1. a training set of a million rows into the file a job reads
        TrainingSets.Spec spec = new TrainingSets.Spec(List.of(new TrainingSets.GroupRef(GROUP, null, List.of("amount",
                "merchant_category", "channel"))), group.sourceId(), "select customer_id, event_time as \"timestamp\", is_fraud as label "
                        + "from bank.card_transactions", "label", null, null);
        Path file = Path.of("target/benchmarks/training-set-1m.csv");
        Files.createDirectories(file.getParent());
        System.gc();
        long heapBefore = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
        AtomicLong peak = new AtomicLong(heapBefore);
        AtomicLong peakAfterGc = new AtomicLong(afterGc());
        Thread sampler = Thread.ofVirtual().start(() -> {
            while (!Thread.currentThread().isInterrupted()) {
                peak.accumulateAndGet(ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed(), Math::max);
                peakAfterGc.accumulateAndGet(afterGc(), Math::max);
                try {
                    Thread.sleep(20);
                } catch (InterruptedException e) {
                    return;
                }
            }
        });
        long t0 = System.nanoTime();
        TrainingSets.Written written;
        try (Writer out = new BufferedWriter(Files.newBufferedWriter(file, StandardCharsets.UTF_8), 64 * 1024)) {
            written = personas.call(DS_FRAUD, () -> trainingSets.write(fraud, spec, out, rows -> { }));
        }
        double took = seconds(t0);
        sampler.interrupt();
        long withFeatures = Files.lines(file).skip(1).filter(l -> !l.endsWith(",,,")).count();
        line("training set of %,d rows (%,d with their features) into %s, %,d MB: %.1f s (%,.0f rows/s); heap %d MB before, peak %d MB "
                + "used (garbage included) and %d MB live after a collection, under a maximum heap of %d MB", written.rows(), withFeatures,
                file, Files.size(file) >> 20, took, written.rows() / took, heapBefore >> 20, peak.get() >> 20, peakAfterGc.get() >> 20,
                Runtime.getRuntime().maxMemory() >> 20);
        assertThat(written.rows()).isEqualTo(1_000_000);
        Files.delete(file);

        // 2. the demo job (card-fraud-weekly, as DemoTrainingJob sets it up), and submit → RUNNING of its runs
        ModelView model = personas.call(DS_FRAUD, () -> registry.create(new ModelDraft(fraud, "bench-" + UUID.randomUUID().toString()
                .substring(0, 8), "", "Card fraud alerts", 3, null, List.of())));
        TrainingJobView job = personas.call(DS_FRAUD, () -> training.create(new TrainingJobDraft(fraud, "bench-" + UUID.randomUUID()
                .toString().substring(0, 8), "The demo job's definition", model.name(), new TrainingJobDraft.Source("SAMPLE",
                        "logistic-regression", ""), "train.py", null, null, Map.of("C", "0.5"), "XS", 15, 42L,
                new TrainingJobDraft.Inputs(List.of(new TrainingJobDraft.Group(GROUP, null, List.of("amount", "merchant_category",
                        "channel"))), group.sourceId(), "select customer_id, event_time as \"timestamp\", is_fraud as label from "
                                + "bank.card_transactions where transaction_id <= 20000 and (is_fraud or mod(transaction_id, 10) = 0)",
                        "label", null, null), null)));
        double[] toRunning = new double[RUNS];
        double[] wall = new double[RUNS];
        for (int i = 0; i < RUNS; i++) {
            long s0 = System.nanoTime();
            TrainingRunView run = personas.call(DS_FRAUD, () -> training.start(job.id()));
            await().atMost(Duration.ofMinutes(5)).pollInterval(Duration.ofMillis(10)).until(() -> {
                RunState state = RunState.valueOf(personas.call(DS_FRAUD, () -> training.run(run.id())).state());
                return state == RunState.RUNNING || state.finished();
            });
            toRunning[i] = (System.nanoTime() - s0) / 1e6;
            await().atMost(Duration.ofMinutes(10)).pollInterval(Duration.ofMillis(100))
                    .until(() -> RunState.valueOf(personas.call(DS_FRAUD, () -> training.run(run.id())).state()).finished());
            wall[i] = seconds(s0);
            TrainingRunView done = personas.call(DS_FRAUD, () -> training.run(run.id()));
            assertThat(done.state()).as(done.toString()).isEqualTo("SUCCEEDED");
        }
        Arrays.sort(toRunning);
        Arrays.sort(wall);
        line("submit → RUNNING of a local run (%d runs): p50 %.0f ms, max %.0f ms", RUNS, toRunning[RUNS / 2], toRunning[RUNS - 1]);
        line("the demo job card-fraud-weekly, submit → version registered (%d runs): p50 %.1f s, max %.1f s", RUNS, wall[RUNS / 2],
                wall[RUNS - 1]);
        Files.write(Path.of("target/benchmarks/training.txt"), report);
    }

    private static long afterGc() {
        return ManagementFactory.getMemoryPoolMXBeans().stream().filter(p -> p.getType() == MemoryType.HEAP)
                .map(MemoryPoolMXBean::getCollectionUsage).filter(Objects::nonNull).mapToLong(MemoryUsage::getUsed).sum();
    }

    private static double seconds(long since) {
        return (System.nanoTime() - since) / 1e9;
    }

    private void line(String format, Object... args) {
        String text = String.format(format, args);
        System.out.println(text);
        report.add(text);
    }
}
