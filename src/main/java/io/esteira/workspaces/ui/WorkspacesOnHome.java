package io.esteira.workspaces.ui;

import io.esteira.areas.AreaService;
import io.esteira.areas.AreaSummary;
import io.esteira.shared.Formats;
import io.esteira.shared.security.CurrentUser;
import io.esteira.shared.security.Role;
import io.esteira.shared.ui.HomeTasks;
import io.esteira.workspaces.WorkspaceService;
import io.esteira.workspaces.WorkspaceSummary;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.springframework.core.annotation.Order;
import org.springframework.data.domain.PageRequest;
import org.springframework.stereotype.Component;

/** A data scientist's home shows their own workspaces that are up (and paid for), with what they have cost so far. */
@Component
@Order(40)
class WorkspacesOnHome implements HomeTasks {

    private static final Set<String> UP = Set.of("REQUESTED", "PROVISIONING", "RUNNING", "STARTING", "STOPPING", "FAILED");
    private static final int READ = 100;

    private final WorkspaceService workspaces;
    private final AreaService areas;

    WorkspacesOnHome(WorkspaceService workspaces, AreaService areas) {
        this.workspaces = workspaces;
        this.areas = areas;
    }

    @Override
    public Optional<Section> forCurrentUser() {
        if (!CurrentUser.require().has(Role.DATA_SCIENTIST)) {
            return Optional.empty();
        }
        List<WorkspaceSummary> mine = areas.myAreas().stream().filter(AreaSummary::active)
                .flatMap(a -> workspaces.list(a.id(), null, PageRequest.of(0, READ)).stream())
                .filter(w -> w.mine() && UP.contains(w.state()))
                .sorted(Comparator.comparing(WorkspaceSummary::createdAt).reversed()).toList();
        return Optional.of(new Section("home-workspaces", "Your workspaces", mine.stream().limit(SHOWN).map(WorkspacesOnHome::task).toList(),
                mine.size(), "workspaces", "Open workspaces", "None of your workspaces is running."));
    }

    private static Task task(WorkspaceSummary w) {
        List<String> detail = new java.util.ArrayList<>();
        if (w.costSoFar() != null) {
            detail.add(Formats.money(w.costSoFar()) + " so far");
        }
        if (w.expiresAt() != null && "RUNNING".equals(w.state())) {
            detail.add("stops by " + Formats.dateTime(w.expiresAt()));
        }
        if ("FAILED".equals(w.state()) && w.stateReason() != null) {
            detail.add(w.stateReason());
        }
        return new Task(w.name() + " · " + w.templateName(), detail.isEmpty() ? Formats.NONE : String.join(" · ", detail), "workspaces",
                w.state().toLowerCase(java.util.Locale.ROOT), "FAILED".equals(w.state()) ? "error" : "");
    }
}
