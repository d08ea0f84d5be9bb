package io.esteira.monitoring.statistics;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** Lines of a benchmark, printed as they come and written to target/benchmarks/NAME.txt at the end. */
final class BenchmarkReport {

    private final String name;
    private final List<String> lines = new ArrayList<>();

    BenchmarkReport(String name) {
        this.name = name;
        line("%s at %s on %d cores, %s %s, max heap %d MiB, load average %.2f", name, Instant.now(),
                Runtime.getRuntime().availableProcessors(), System.getProperty("java.vm.name"),
                System.getProperty("java.version"), Runtime.getRuntime().maxMemory() >> 20,
                ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
    }

    void line(String format, Object... args) {
        String line = format.formatted(args);
        System.out.println("BENCH " + line);
        lines.add(line);
    }

    void write() {
        try {
            Files.createDirectories(Path.of("target/benchmarks"));
            Files.write(Path.of("target/benchmarks/" + name + ".txt"), lines);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static long allocatedBytesOfThisThread() {
        return ((com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean()).getCurrentThreadAllocatedBytes();
    }

    static long heapAfterGcMiB() {
        System.gc();
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed() >> 20;
    }
}
