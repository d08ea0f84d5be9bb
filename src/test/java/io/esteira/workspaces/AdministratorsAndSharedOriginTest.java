package io.esteira.workspaces;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import io.esteira.areas.AreaAccess;
import io.esteira.shared.ForbiddenException;
import io.esteira.shared.security.ActorType;
import io.esteira.shared.security.Role;
import io.esteira.shared.security.SignedInUser;
import io.esteira.workspaces.domain.Template;
import io.esteira.workspaces.domain.Workspace;
import io.esteira.workspaces.domain.WorkspaceSize;
import io.esteira.workspaces.domain.Workspaces;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.context.SecurityContextHolder;

/**
 * Without {@code esteira.workspaces.notebook-host}, notebooks share the portal's origin: a script planted in a notebook
 * would act with the rights of whoever opens it, so administrators may not open other people's notebooks then; the
 * owner still opens their own. With the setting, administrators may (audited, on the notebook's own host).
 */
class AdministratorsAndSharedOriginTest {

    final UUID area = UUID.randomUUID();
    final UUID ownerId = UUID.randomUUID();
    final Workspaces repository = mock(Workspaces.class);
    final AreaAccess access = mock(AreaAccess.class);
    final Workspace workspace = new Workspace(area, "CREDIT", "nb", ownerId, "ds.credit", "Dana Silva", mock(Template.class),
            mock(WorkspaceSize.class), 30, 8, null, "the-token", Instant.now());

    WorkspaceService service(String setting) {
        when(repository.findById(workspace.getId())).thenReturn(Optional.of(workspace));
        when(access.canAct(area)).thenReturn(true);
        return new WorkspaceService(repository, null, null, null, null, access, null, null, null, null, null, null, null,
                List.of("https"), 3, Path.of("target"), NotebookHosts.of(setting), java.time.Clock.systemUTC());
    }

    static void signIn(UUID id, String name, Role... roles) {
        SignedInUser user = new SignedInUser(id, name, name, Set.of(roles), ActorType.USER, null, null);
        SecurityContextHolder.getContext().setAuthentication(UsernamePasswordAuthenticationToken.authenticated(user, null, List.of()));
    }

    @AfterEach
    void signOut() {
        SecurityContextHolder.clearContext();
    }

    @Test
    void anAdministratorIsRefusedSomeoneElsesNotebookOnThePortalsOriginWithTheSettingNamed() {
        signIn(UUID.randomUUID(), "admin", Role.ADMIN);
        assertThatThrownBy(() -> service("").open(workspace.getId())).isInstanceOf(ForbiddenException.class)
                .hasMessageContaining("esteira.workspaces.notebook-host").hasMessageContaining("administrator rights")
                .hasMessageContaining("Dana Silva");
        assertThatThrownBy(() -> service("").notebook(workspace.getId(), true)).isInstanceOf(ForbiddenException.class)
                .hasMessageContaining("esteira.workspaces.notebook-host");
        // with the setting, the refusal is only that the workspace is not running (its state is checked after)
        assertThatThrownBy(() -> service("{workspace}.localhost").open(workspace.getId())).isNotInstanceOf(ForbiddenException.class);
    }

    @Test
    void othersAreRefusedWithoutTheAdministratorsWordingAndTheOwnerIsNotRefusedForTheSetting() {
        when(access.canAct(area)).thenReturn(true);
        signIn(UUID.randomUUID(), "manager.credit", Role.MANAGER);
        assertThatThrownBy(() -> service("").open(workspace.getId())).isInstanceOf(ForbiddenException.class)
                .message().doesNotContain("notebook-host").doesNotContain("administrator rights");
        signIn(ownerId, "ds.credit", Role.DATA_SCIENTIST);
        assertThatThrownBy(() -> service("").open(workspace.getId())).isNotInstanceOf(ForbiddenException.class)
                .hasMessageContaining("not running");
        assertThat(workspace.getOwnerId()).isEqualTo(ownerId);
    }
}
