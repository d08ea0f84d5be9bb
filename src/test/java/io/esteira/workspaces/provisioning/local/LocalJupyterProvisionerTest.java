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
}
