package io.esteira.workspaces;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import io.esteira.workspaces.domain.NotebookHandoff;
import io.esteira.workspaces.domain.NotebookHandoffRecords;
import io.esteira.workspaces.domain.NotebookSession;
import io.esteira.workspaces.domain.NotebookSessionRecords;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.mockito.ArgumentCaptor;

/** The ticket and the notebook session against a moved clock: once, within a minute, for its workspace only. */
class NotebookAccessTest {

    final UUID workspace = UUID.randomUUID();
    final UUID person = UUID.randomUUID();
    final Instant made = Instant.parse("2026-03-02T10:00:00Z");
    final NotebookHandoffRecords handoffs = mock(NotebookHandoffRecords.class);
    final NotebookSessionRecords sessions = mock(NotebookSessionRecords.class);

    NotebookAccess at(Instant now) {
        return new NotebookAccess(mock(WorkspaceService.class), handoffs, sessions, Clock.fixed(now, ZoneOffset.UTC),
                Duration.ofMinutes(30));
    }

    void ticketMade(String ticket) {
        String hash = NotebookAccess.hash(ticket);
        when(handoffs.findById(hash)).thenReturn(Optional.of(new NotebookHandoff(hash, workspace, person, null,
                "/workspaces/" + workspace + "/lab/tree", made, made.plus(NotebookAccess.TICKET_LIFETIME))));
        when(handoffs.spend(hash)).thenReturn(1, 0);
    }

    @Test
    void aTicketOpensOnceWithinItsMinuteForItsWorkspaceOnly() {
        ticketMade("nbt_a");
        var handed = at(made.plusSeconds(59)).redeem("nbt_a", workspace);
        assertThat(handed).isPresent();
        assertThat(handed.get().userId()).isEqualTo(person);
        assertThat(handed.get().nextPath()).isEqualTo("/workspaces/" + workspace + "/lab/tree");
        assertThat(handed.get().toString()).doesNotContain(handed.get().sessionId());
        ArgumentCaptor<NotebookSession> saved = ArgumentCaptor.forClass(NotebookSession.class);
        verify(sessions).save(saved.capture());
        assertThat(saved.getValue().getIdHash()).isEqualTo(NotebookAccess.hash(handed.get().sessionId()))
                .isNotEqualTo(handed.get().sessionId());
        assertThat(at(made.plusSeconds(59)).redeem("nbt_a", workspace)).as("replayed").isEmpty();

        ticketMade("nbt_b");
        assertThat(at(made.plusSeconds(60)).redeem("nbt_b", workspace)).as("expired").isEmpty();
        ticketMade("nbt_c");
        assertThat(at(made.plusSeconds(1)).redeem("nbt_c", UUID.randomUUID())).as("another workspace's host").isEmpty();
        assertThat(at(made.plusSeconds(1)).redeem("nbt_c", workspace)).as("spent by the try on the other host").isEmpty();
        assertThat(at(made).redeem("nbt_unknown", workspace)).isEmpty();
        assertThat(at(made).redeem(null, workspace)).isEmpty();
    }

    @Test
    void aNotebookSessionAdmitsItsWorkspaceOnlyUntilItsIdleTimeout() {
        String id = "nbs_x";
        NotebookSession session = new NotebookSession(NotebookAccess.hash(id), workspace, person, null, made, Duration.ofMinutes(30));
        when(sessions.findById(NotebookAccess.hash(id))).thenReturn(Optional.of(session));
        assertThat(at(made.plusSeconds(10)).personOf(id, workspace)).contains(person);
        assertThat(at(made.plusSeconds(10)).personOf(id, UUID.randomUUID())).as("another workspace").isEmpty();
        assertThat(at(made.plus(Duration.ofMinutes(20))).personOf(id, workspace)).as("used: the idle timeout starts again").contains(person);
        assertThat(at(made.plus(Duration.ofMinutes(45))).personOf(id, workspace)).contains(person);
        assertThat(at(made.plus(Duration.ofMinutes(76))).personOf(id, workspace)).as("idle for longer than the timeout").isEmpty();
        assertThat(at(made).personOf("nbs_other", workspace)).isEmpty();
        verify(sessions, org.mockito.Mockito.never()).save(any());
    }
}
