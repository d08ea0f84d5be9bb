package io.esteira.workspaces;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.UUID;
import org.junit.jupiter.api.Test;

class NotebookHostsTest {

    static final UUID ID = UUID.fromString("6f1c2a3b-0000-4000-8000-000000000001");

    @Test
    void eachWorkspaceHasAHostOfItsOwnAndNoOtherHostIsOne() {
        NotebookHosts hosts = NotebookHosts.of("{workspace}.notebooks.bank.example");
        assertThat(hosts.isolated()).isTrue();
        assertThat(hosts.workspaceOf(ID + ".notebooks.bank.example")).contains(ID);
        assertThat(hosts.workspaceOf(ID.toString().toUpperCase() + ".Notebooks.Bank.Example.")).contains(ID);
        assertThat(hosts.workspaceOf("portal.bank.example")).isEmpty();
        assertThat(hosts.workspaceOf("notebooks.bank.example")).isEmpty();
        assertThat(hosts.workspaceOf("x" + ID + ".notebooks.bank.example")).isEmpty();
        assertThat(hosts.workspaceOf("a." + ID + ".notebooks.bank.example")).isEmpty();
        assertThat(hosts.isUnderNotebookDomain("login.notebooks.bank.example")).as("no portal under the notebooks' name").isTrue();
        assertThat(hosts.isUnderNotebookDomain(ID + ".notebooks.bank.example.")).isTrue();
        assertThat(hosts.isUnderNotebookDomain("notebooks.bank.example")).isFalse();
        assertThat(hosts.isUnderNotebookDomain("portal.bank.example")).isFalse();
        assertThat(hosts.workspaceOf(ID + ".notebooks.bank.example.evil.example")).isEmpty();
        assertThat(hosts.workspaceOf(ID + ".evilnotebooks.bank.example")).isEmpty();
        assertThat(hosts.workspaceOf(null)).isEmpty();
        assertThat(hosts.origin(ID, "https", 443)).isEqualTo("https://" + ID + ".notebooks.bank.example");
        assertThat(hosts.origin(ID, "http", 8080)).as("the portal request's scheme and port")
                .isEqualTo("http://" + ID + ".notebooks.bank.example:8080");
        assertThat(NotebookHosts.of("https://{workspace}.nb.example:8443").origin(ID, "http", 8080))
                .isEqualTo("https://" + ID + ".nb.example:8443");
        assertThat(NotebookHosts.of("{workspace}.localhost").workspaceOf(ID + ".localhost")).contains(ID);
        assertThat(NotebookHosts.of("{workspace}.localhost").workspaceOf("localhost")).isEmpty();
    }

    @Test
    void emptyMeansTheNotebooksShareThePortalsOrigin() {
        NotebookHosts hosts = NotebookHosts.of(" ");
        assertThat(hosts.isolated()).isFalse();
        assertThat(hosts.workspaceOf(ID + ".localhost")).isEmpty();
    }

    @Test
    void aMalformedSettingStopsThePortalAtStartUp() {
        for (String bad : new String[] {"notebooks.bank.example", "nb-{workspace}.bank.example", "{workspace}",
                "{workspace}.", "{workspace}.bank.example/lab", "ftp://{workspace}.bank.example", "{workspace}.bank.example:0",
                "{workspace}.bank.example:99999", "{workspace}.{workspace}.example", "{workspace}.bank_example.com",
                "user@{workspace}.bank.example", "*.bank.example"}) {
            assertThatThrownBy(() -> NotebookHosts.of(bad)).as(bad).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining(NotebookHosts.SETTING);
        }
    }
}
