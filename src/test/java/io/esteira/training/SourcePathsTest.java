package io.esteira.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.esteira.shared.InvalidRequestException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SourcePathsTest {

    @TempDir
    Path dir;

    @Test
    void an_entrypoint_inside_the_source_resolves_to_its_real_file() throws Exception {
        Path source = Files.createDirectories(dir.resolve("source/jobs"));
        Files.writeString(source.resolve("train.py"), "print('hi')");
        assertThat(SourcePaths.file(dir.resolve("source"), "jobs/train.py", "entrypoint")).isEqualTo(source.resolve("train.py").toRealPath());
        assertThat(SourcePaths.file(dir.resolve("source"), "./jobs//train.py", "entrypoint")).isEqualTo(source.resolve("train.py").toRealPath());
        assertThat(SourcePaths.relative("source.path", "", true)).isEmpty();
    }

    @Test
    void paths_that_climb_out_or_are_absolute_are_refused_with_the_field() {
        assertThatThrownBy(() -> SourcePaths.relative("entrypoint", "../secrets.py", false)).isInstanceOf(InvalidRequestException.class)
                .hasMessageContaining("leaves the source")
                .satisfies(e -> assertThat(((InvalidRequestException) e).fieldErrors()).containsOnlyKeys("entrypoint"));
        assertThatThrownBy(() -> SourcePaths.relative("entrypoint", "jobs/../../x.py", false)).hasMessageContaining("leaves the source");
        assertThatThrownBy(() -> SourcePaths.relative("entrypoint", "/etc/passwd", false)).hasMessageContaining("absolute path");
        assertThatThrownBy(() -> SourcePaths.relative("entrypoint", "~/x.py", false)).hasMessageContaining("absolute path");
        assertThatThrownBy(() -> SourcePaths.relative("entrypoint", "a;rm -rf.py", false)).hasMessageContaining("Use letters");
        assertThatThrownBy(() -> SourcePaths.relative("entrypoint", " ", false)).hasMessageContaining("Give a file");
    }

    @Test
    void a_link_that_leads_outside_the_source_is_refused_on_its_real_path() throws Exception {
        Path source = Files.createDirectories(dir.resolve("source"));
        Path outside = Files.writeString(dir.resolve("outside.py"), "print('outside')");
        Files.createSymbolicLink(source.resolve("train.py"), outside);
        Files.createSymbolicLink(source.resolve("jobs"), dir);
        assertThatThrownBy(() -> SourcePaths.file(source, "train.py", "entrypoint")).isInstanceOf(InvalidRequestException.class)
                .hasMessageContaining("link that leads outside the source");
        assertThatThrownBy(() -> SourcePaths.directory(source, "jobs", "source.path")).hasMessageContaining("leads outside the source");
    }

    @Test
    void a_missing_entrypoint_or_a_folder_given_as_one_is_refused() throws Exception {
        Path source = Files.createDirectories(dir.resolve("source/sub"));
        assertThatThrownBy(() -> SourcePaths.file(source.getParent(), "nope.py", "entrypoint")).hasMessageContaining("There is no nope.py");
        assertThatThrownBy(() -> SourcePaths.file(source.getParent(), "sub", "entrypoint")).hasMessageContaining("is not a file");
    }

    @Test
    void copying_the_source_refuses_a_link_out_and_hashes_the_content() throws Exception {
        Path source = Files.createDirectories(dir.resolve("code"));
        Files.writeString(source.resolve("train.py"), "print(1)");
        String first = JobSources.copy(source, dir.resolve("copy1"));
        String again = JobSources.copy(source, dir.resolve("copy2"));
        assertThat(first).startsWith("sha256:").isEqualTo(again);
        assertThat(dir.resolve("copy1/train.py")).hasContent("print(1)");
        Files.writeString(source.resolve("train.py"), "print(2)");
        assertThat(JobSources.copy(source, dir.resolve("copy3"))).isNotEqualTo(first);
        Files.createSymbolicLink(source.resolve("key"), Files.writeString(dir.resolve("secret"), "s3cr3t"));
        assertThatThrownBy(() -> JobSources.copy(source, dir.resolve("copy4"))).isInstanceOf(InvalidRequestException.class)
                .hasMessageContaining("key is a link that leads outside");
    }
}
