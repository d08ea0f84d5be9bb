package io.esteira.features;

import static io.esteira.support.Personas.ADMIN;
import static io.esteira.support.Personas.DS_CREDIT;
import static org.awaitility.Awaitility.await;

import io.esteira.support.IntegrationTest;
import io.esteira.support.Personas;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.data.domain.PageRequest;
import org.springframework.test.context.TestPropertySource;

/**
 * Not a test: a measurement, run on demand with {@code ./mvnw test -Dtest=FeatureStatisticsBenchmark}.
 * Generates the full demo warehouse (1M card transactions) and times the statistics of every column
 * of the transactions table, with the bytes the computing thread allocated and the heap after GC.
 */
@IntegrationTest
@TestPropertySource(properties = {"esteira.data-dir=target/bench-data", "esteira.demo.warehouse.customers=50000",
        "esteira.demo.warehouse.transactions=1000000"})
class FeatureStatisticsBenchmark {

    @Autowired
    SourceExplorer explorer;
    @Autowired
    DataSourceService sources;
    @Autowired
    DemoWarehouse warehouse;
    @Autowired
    Personas personas;

    @Test
    void statisticsOfTheTransactionsTable() {
        long generationStart = System.nanoTime();
        await().atMost(Duration.ofMinutes(5)).until(() -> warehouse.progress().finished());
        System.out.printf("%nBENCH warehouse ready after %d s (generated now, or found from an earlier run)%n",
                Duration.ofNanos(System.nanoTime() - generationStart).toSeconds());
        UUID demo = personas.call(ADMIN, () -> sources.list(DemoWarehouse.SOURCE_NAME, PageRequest.of(0, 1))).getContent().getFirst().id();
        var threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        for (int run = 1; run <= 3; run++) {
            System.gc();
            long allocatedBefore = threads.getCurrentThreadAllocatedBytes();
            long start = System.nanoTime();
            List<ColumnStatistics> stats = personas.call(DS_CREDIT, () -> explorer.statistics(demo,
                    SourceQuery.table("bank", "card_transactions"), n -> { }));
            long millis = (System.nanoTime() - start) / 1_000_000;
            long allocated = threads.getCurrentThreadAllocatedBytes() - allocatedBefore;
            System.gc();
            long heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed() / (1024 * 1024);
            System.out.printf("BENCH run %d: statistics of %d columns over %d rows in %d ms; allocated %d MiB on the way; heap after GC %d MiB%n",
                    run, stats.size(), stats.getFirst().count(), millis, allocated / (1024 * 1024), heap);
        }
    }
}
