package io.esteira.workspaces.provisioning.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.esteira.workspaces.provisioning.ProvisioningException;
import io.esteira.workspaces.provisioning.RuntimeStatus.Phase;
import io.esteira.workspaces.provisioning.WorkspaceSpec;
import java.nio.file.Path;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalJupyterProvisionerTest {

    @TempDir
    Path dataDir;

    @Test
    void withoutJupyterTheProvisionerSaysHowToInstallItAndStartsNothing() {
        LocalJupyterProvisioner provisioner = new LocalJupyterProvisioner(dataDir, "/nonexistent/jupyter");
        assertThat(provisioner.availability().available()).isFalse();
        assertThat(provisioner.availability().message()).contains("apt-get install -y jupyter-notebook");
        WorkspaceSpec spec = new WorkspaceSpec(UUID.randomUUID(), UUID.randomUUID(), "CREDIT", "ds.credit", "nb", "python3",
                new WorkspaceSpec.Shape(1, 2, null, 0, 10), null, "secret");
        assertThatThrownBy(() -> provisioner.provision(spec)).isInstanceOf(ProvisioningException.class)
                .hasMessageContaining("not installed");
        assertThat(provisioner.status(spec, null).phase()).isEqualTo(Phase.ABSENT);
        assertThat(provisioner.inventory()).isEmpty();
    }

    @Test
    void theNotebookGetsACleanEnvironmentWithoutThePortalsSecrets() throws Exception {
        Path fakeJupyter = dataDir.resolve("fake-jupyter");
        java.nio.file.Files.writeString(fakeJupyter, """
                #!/bin/sh
                if [ "$1 $2" = "notebook --version" ]; then echo 6.4.12; exit 0; fi
                env > "$HOME/env.txt"
                sleep 30
                """);
        fakeJupyter.toFile().setExecutable(true);
        LocalJupyterProvisioner provisioner = new LocalJupyterProvisioner(dataDir, fakeJupyter.toString());
        WorkspaceSpec spec = new WorkspaceSpec(UUID.randomUUID(), UUID.randomUUID(), "CREDIT", "ds.credit", "nb", "python3",
                new WorkspaceSpec.Shape(1, 2, null, 0, 10), null, "the-token");
        var ref = provisioner.provision(spec);
        try {
            Path env = provisioner.directory(spec.id()).resolve("env.txt");
            org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(10)).until(() -> java.nio.file.Files.exists(env)
                    && java.nio.file.Files.readString(env).contains("JUPYTER_TOKEN"));
            java.util.List<String> names = java.nio.file.Files.readAllLines(env).stream().map(l -> l.split("=", 2)[0]).toList();
            assertThat(names).contains("PATH", "HOME", "JUPYTER_TOKEN").allMatch(n ->
                    java.util.Set.of("PATH", "HOME", "LANG", "PWD", "SHLVL", "_", "PYTHONUNBUFFERED", "IPYTHONDIR").contains(n)
                            || n.startsWith("JUPYTER_"));
            assertThat(spec.toString()).doesNotContain("the-token");
        } finally {
            provisioner.delete(spec, ref);
        }
    }

    @Test
    void theNotebookServesUnderThePortalsProxyPathOnLoopbackAndItsFilesAreThePortalUsersAlone() throws Exception {
        Path fakeJupyter = dataDir.resolve("fake-jupyter");
        java.nio.file.Files.writeString(fakeJupyter, """
                #!/bin/sh
                if [ "$1 $2" = "notebook --version" ]; then echo 6.4.12; exit 0; fi
                echo "$@" > "$HOME/args.txt"
                umask > "$HOME/umask.txt"
                echo "[I NotebookApp] http://127.0.0.1:8888/?token=$JUPYTER_TOKEN"
                echo print > "$HOME/notebooks/written-by-the-notebook.py"
                sleep 30
                """);
        fakeJupyter.toFile().setExecutable(true);
        LocalJupyterProvisioner provisioner = new LocalJupyterProvisioner(dataDir, fakeJupyter.toString());
        UUID id = UUID.randomUUID();
        WorkspaceSpec spec = new WorkspaceSpec(id, UUID.randomUUID(), "CREDIT", "ds.credit", "nb", "python3",
                new WorkspaceSpec.Shape(1, 2, null, 0, 10), null, "the-token");
        var ref = provisioner.provision(spec);
        try {
            Path dir = provisioner.directory(id);
            Path written = dir.resolve("notebooks/written-by-the-notebook.py");
            org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(10))
                    .until(() -> java.nio.file.Files.exists(written) && java.nio.file.Files.exists(dir.resolve("umask.txt")));

            assertThat(ref.address()).as("the portal's proxy reaches it on loopback, under the same path")
                    .matches("http://127\\.0\\.0\\.1:\\d+/workspaces/" + id + "/lab/");
            assertThat(java.nio.file.Files.readString(dir.resolve("args.txt")))
                    .contains("--ip=127.0.0.1", "--NotebookApp.base_url=/workspaces/" + id + "/lab/")
                    .doesNotContain("the-token");
            assertThat(java.nio.file.Files.readString(dir.resolve("umask.txt")).strip()).isEqualTo("0077");
            assertThat(permissions(dataDir.resolve("workspaces"))).isEqualTo("rwx------");
            assertThat(permissions(dir)).isEqualTo("rwx------");
            assertThat(permissions(dir.resolve("jupyter.log"))).as("the log holds the token").isEqualTo("rw-------");
            assertThat(permissions(dir.resolve("runtime.properties"))).isEqualTo("rw-------");
            assertThat(permissions(written)).as("what the notebook writes").isEqualTo("rw-------");
            assertThat(provisioner.log(spec, ref, 10)).contains("token=[token hidden]").doesNotContain("the-token");
        } finally {
            provisioner.delete(spec, ref);
        }
    }

    private static String permissions(Path path) throws java.io.IOException {
        return java.nio.file.attribute.PosixFilePermissions.toString(java.nio.file.Files.getPosixFilePermissions(path));
    }

    @Test
    void theLogTailReadsOnlyTheEndOfAHugeLogWhateverItsBytes() throws Exception {
        Path dir = dataDir.resolve("ws");
        java.nio.file.Files.createDirectories(dir);
        try (var out = java.nio.file.Files.newOutputStream(dir.resolve("jupyter.log"))) {
            byte[] junk = new byte[1024 * 1024];
            java.util.Arrays.fill(junk, (byte) 0xC3);
            for (int i = 0; i < 20; i++) {
                out.write(junk);
            }
            out.write("\nline one\nline two\n".getBytes(java.nio.charset.StandardCharsets.UTF_8));
        }
        assertThat(LocalJupyterProvisioner.tail(dir, 2)).isEqualTo("line one\nline two");
        assertThat(LocalJupyterProvisioner.tail(dir, 3)).startsWith("\uFFFD");
    }
}
