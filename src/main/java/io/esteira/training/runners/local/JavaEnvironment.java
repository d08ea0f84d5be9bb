package io.esteira.training.runners.local;

import io.esteira.training.runners.Runner.Availability;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.jar.JarFile;

/**
 * The local runner's {@code java} environment: a job's entrypoint is a Java source-file program, run by the portal's own
 * JVM ({@code java esteira/samples/Train.java}) with the portal's libraries on its class path ({@code CLASSPATH}),
 * so a job can use Tribuo, the ONNX protobufs and Jackson as the portal has them. The class path is the setting
 * {@code esteira.training.local.java-classpath} or else the portal's own, which is usable as it is when the portal runs
 * from its classes and jars ({@code ./mvnw spring-boot:run}, the tests, an extracted jar as in the Docker image) but not
 * from a packed Spring Boot jar, whose libraries are nested inside it.
 */
final class JavaEnvironment {

    private final String executable;
    private final String classPath;
    private final Availability availability;

    private JavaEnvironment(String executable, String classPath, Availability availability) {
        this.executable = executable;
        this.classPath = classPath;
        this.availability = availability;
    }

    static JavaEnvironment of(String configuredClassPath) {
        String java = ProcessHandle.current().info().command().filter(c -> Files.isExecutable(Path.of(c)))
                .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        boolean configured = configuredClassPath != null && !configuredClassPath.isBlank();
        String classPath = configured ? configuredClassPath.strip() : System.getProperty("java.class.path", "");
        List<String> entries = Arrays.stream(classPath.split(File.pathSeparator)).filter(e -> !e.isBlank()).toList();
        if (ModuleLayer.boot().findModule("jdk.compiler").isEmpty()) {
            return new JavaEnvironment(java, classPath, Availability.no("Java jobs need a JDK (they are compiled when they start); "
                    + "the portal runs on a Java runtime without the compiler"));
        }
        if (entries.isEmpty()) {
            return new JavaEnvironment(java, classPath, Availability.no("Java jobs need the portal's libraries: set "
                    + "ESTEIRA_TRAINING_LOCAL_JAVA_CLASSPATH to them"));
        }
        if (!configured && entries.size() == 1 && packedSpringBootJar(Path.of(entries.getFirst()))) {
            return new JavaEnvironment(java, classPath, Availability.no("The portal runs from its packed jar, whose libraries a Java "
                    + "job cannot use: extract it (java -Djarmode=tools -jar esteira.jar extract) or set ESTEIRA_TRAINING_LOCAL_JAVA_CLASSPATH"));
        }
        return new JavaEnvironment(java, classPath, Availability.yes("Java " + Runtime.version().feature() + " on the portal's machine"));
    }

    private static boolean packedSpringBootJar(Path jar) {
        if (!Files.isRegularFile(jar)) {
            return false;
        }
        try (JarFile file = new JarFile(jar.toFile())) {
            return file.getEntry("BOOT-INF/lib/") != null || file.getEntry("BOOT-INF/classes/") != null;
        } catch (IOException e) {
            return false;
        }
    }

    String executable() {
        return executable;
    }

    Availability availability() {
        return availability;
    }

    List<String> command(String entrypoint) {
        return List.of(executable, entrypoint);
    }

    /** Handed to the job as {@code CLASSPATH}: the run's log shows its command without thousands of characters of jars. */
    String classPath() {
        return classPath;
    }
}
