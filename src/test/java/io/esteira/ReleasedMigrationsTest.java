package io.esteira;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.flywaydb.core.api.MigrationVersion;
import org.junit.jupiter.api.Test;

/**
 * A migration that has landed is never edited: users upgrade their databases in place, and Flyway refuses to start a
 * portal whose released migration differs from the one that ran. {@code db/released-migrations.sha256} holds the
 * checksum of every landed migration ({@code sha256sum} format, paths under {@code db/migration}); when new migrations
 * land, their lines are added with {@code (cd db/migration && sha256sum common/V<n>__*.sql >> ../released-migrations.sha256)}.
 */
class ReleasedMigrationsTest {

    private static final Path MIGRATIONS = Path.of("db", "migration");
    private static final Path RELEASED = Path.of("db", "released-migrations.sha256");
    private static final Pattern LINE = Pattern.compile("([0-9a-f]{64}) [ *]([a-z0-9]+/V([0-9_]+)__[^/]+\\.sql)");

    @Test
    void no_released_migration_was_edited_or_removed() throws IOException {
        Map<String, String> released = released();
        assertThat(released).as("released migrations").hasSizeGreaterThan(50);
        released.forEach((file, checksum) -> {
            Path script = MIGRATIONS.resolve(file);
            assertThat(script).as(file + " was released; add a new migration instead of removing it").exists();
            assertThat(sha256(script)).as(file + " was released: add a new migration instead of editing it").isEqualTo(checksum);
        });
    }

    @Test
    void a_new_migration_comes_after_every_released_one() throws IOException {
        Map<String, String> released = released();
        MigrationVersion newestReleased = released.keySet().stream().map(ReleasedMigrationsTest::version)
                .max(MigrationVersion::compareTo).orElseThrow();
        List<String> unreleased = scripts().stream().filter(f -> !released.containsKey(f)).toList();
        assertThat(unreleased).as("migrations not yet released, each newer than V" + newestReleased
                + " (a database already past it would never run an older one)")
                .allSatisfy(f -> assertThat(version(f)).as(f).isGreaterThan(newestReleased));
    }

    private static Map<String, String> released() throws IOException {
        Map<String, String> released = new LinkedHashMap<>();
        for (String line : Files.readAllLines(RELEASED)) {
            if (line.isBlank()) {
                continue;
            }
            Matcher m = LINE.matcher(line);
            assertThat(m.matches()).as("a line of " + RELEASED + ": " + line).isTrue();
            assertThat(released.put(m.group(2), m.group(1))).as("listed twice: " + m.group(2)).isNull();
        }
        return released;
    }

    private static List<String> scripts() throws IOException {
        try (Stream<Path> files = Files.walk(MIGRATIONS)) {
            return files.filter(p -> p.getFileName().toString().matches("V[0-9_]+__.+\\.sql"))
                    .map(p -> MIGRATIONS.relativize(p).toString().replace('\\', '/')).sorted().toList();
        }
    }

    private static MigrationVersion version(String file) {
        String name = file.substring(file.lastIndexOf('/') + 2);
        return MigrationVersion.fromVersion(name.substring(0, name.indexOf("__")).replace('_', '.'));
    }

    private static String sha256(Path file) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
        } catch (IOException | NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
