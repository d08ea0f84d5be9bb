package io.esteira.training.runners.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The java environment: the portal's JVM runs a source file with the portal's libraries, or says why it cannot. */
class JavaEnvironmentTest {

    @TempDir
    Path dir;

    @Test
    void a_job_runs_as_a_source_file_with_the_portals_class_path_handed_over_in_its_environment_not_its_command() {
        JavaEnvironment java = JavaEnvironment.of("/opt/libs/a.jar:/opt/libs/b.jar");
        assertThat(java.availability().available()).as(java.availability().message()).isTrue();
        assertThat(java.command("esteira/samples/Train.java")).containsExactly(java.executable(), "esteira/samples/Train.java");
        assertThat(Path.of(java.executable())).isExecutable();
        assertThat(java.classPath()).isEqualTo("/opt/libs/a.jar:/opt/libs/b.jar");

        LocalProcessRunner runner = new LocalProcessRunner("python3", true, "/opt/libs/a.jar", Clock.systemUTC());
        assertThat(runner.environments()).contains("python3", "java");
        assertThat(runner.command("java", "Train.java")).containsExactly(java.executable(), "Train.java");
    }

    @Test
    void a_packed_spring_boot_jar_is_no_class_path_for_a_job_and_the_message_says_what_to_do() throws IOException {
        Path packed = dir.resolve("esteira.jar");
        try (OutputStream out = Files.newOutputStream(packed); JarOutputStream jar = new JarOutputStream(out)) {
            jar.putNextEntry(new JarEntry("BOOT-INF/lib/"));
            jar.closeEntry();
        }
        String before = System.getProperty("java.class.path");
        System.setProperty("java.class.path", packed.toString());
        try {
            JavaEnvironment java = JavaEnvironment.of("");
            assertThat(java.availability().available()).isFalse();
            assertThat(java.availability().message()).contains("packed jar").contains("ESTEIRA_TRAINING_LOCAL_JAVA_CLASSPATH");
            assertThat(JavaEnvironment.of(dir.resolve("lib").toString()).availability().available()).as("set by hand").isTrue();
        } finally {
            System.setProperty("java.class.path", before);
        }
        LocalProcessRunner disabled = new LocalProcessRunner("python3", false, "/opt/libs/a.jar", Clock.systemUTC());
        assertThat(disabled.availability("java").available()).isFalse();
    }
}
