package io.esteira.workspaces;

import static io.esteira.support.Personas.ADMIN;
import static io.esteira.support.Personas.DS_CREDIT;
import static org.awaitility.Awaitility.await;

import io.esteira.areas.AreaService;
import io.esteira.areas.AreaSummary;
import io.esteira.support.IntegrationTest;
import io.esteira.support.Personas;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Not a test: a measurement, run on demand with {@code ./mvnw test -Dtest=WorkspaceBenchmark}.
 * Prints the time from submit to RUNNING on the local provisioner (5 in a row, median), then the
 * portal's memory (heap after GC, and the process's resident set) with 10 workspaces running.
 */
@IntegrationTest
class WorkspaceBenchmark {

    @Autowired
    WorkspaceService workspaces;
    @Autowired
    WorkspaceAdministration administration;
    @Autowired
    AreaService areas;
    @Autowired
    Personas personas;

    @Test
    void submitToRunningAndMemoryWithTenRunning() throws Exception {
        UUID credit = personas.call(ADMIN, areas::myAreas).stream().filter(a -> a.code().equals("CREDIT"))
                .map(AreaSummary::id).findFirst().orElseThrow();
        UUID template = personas.call(DS_CREDIT, () -> workspaces.catalogue(credit)).stream()
                .filter(t -> t.provisioner().equals("local")).findFirst().orElseThrow().id();
        QuotaLimits original = personas.call(ADMIN, () -> administration.quota(credit));
        personas.run(ADMIN, () -> administration.updateQuota(new QuotaLimits(credit, 50, 200, 4, 20, 100, 1)));
        List<UUID> ids = new ArrayList<>();
        try {
            List<Long> millis = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                long start = System.nanoTime();
                UUID id = create(credit, template, "bench-" + i);
                ids.add(id);
                awaitRunning(id);
                millis.add((System.nanoTime() - start) / 1_000_000);
            }
            List<Long> sorted = millis.stream().sorted().toList();
            System.out.printf("%nBENCH submit → RUNNING (ms): %s, median %d ms%n", millis, sorted.get(2));

            long beforeHeap = heapAfterGc();
            for (int i = 5; i < 10; i++) {
                ids.add(create(credit, template, "bench-" + i));
            }
            ids.forEach(this::awaitRunning);
            System.out.printf("BENCH with %d running workspaces: portal heap after GC %d MiB (%d MiB with 5), portal RSS %d MiB%n%n",
                    ids.size(), heapAfterGc(), beforeHeap, rssMiB());
        } finally {
            for (UUID id : ids) {
                personas.run(DS_CREDIT, () -> workspaces.delete(id));
            }
            personas.run(ADMIN, () -> administration.updateQuota(original));
        }
    }

    private UUID create(UUID area, UUID template, String prefix) {
        return personas.call(DS_CREDIT, () -> workspaces.create(new WorkspaceRequest(area, template, "XS",
                prefix + "-" + UUID.randomUUID().toString().substring(0, 6), null, null, null))).id();
    }

    private void awaitRunning(UUID id) {
        await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(50))
                .until(() -> personas.call(DS_CREDIT, () -> workspaces.get(id).state()).equals("RUNNING"));
    }

    private static long heapAfterGc() {
        System.gc();
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed() / (1024 * 1024);
    }

    private static long rssMiB() throws Exception {
        return Files.readAllLines(Path.of("/proc/self/status")).stream().filter(l -> l.startsWith("VmRSS"))
                .map(l -> Long.parseLong(l.replaceAll("\\D", "")) / 1024).findFirst().orElse(-1L);
    }
}
