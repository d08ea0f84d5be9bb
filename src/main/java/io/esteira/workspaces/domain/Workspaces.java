package io.esteira.workspaces.domain;

import java.util.Collection;
import java.util.List;
import java.util.UUID;
import org.springframework.data.domain.Page;
import org.springframework.data.domain.Pageable;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Query;

public interface Workspaces extends JpaRepository<Workspace, UUID> {

    @Query("select w from Workspace w where w.areaId = :areaId and w.state <> io.esteira.workspaces.domain.WorkspaceState.DELETED "
            + "and (lower(w.name) like lower(concat('%', :text, '%')) or lower(w.ownerName) like lower(concat('%', :text, '%')) "
            + "or lower(w.templateName) like lower(concat('%', :text, '%')))")
    Page<Workspace> search(UUID areaId, String text, Pageable pageable);

    @Query("select count(w) from Workspace w where w.areaId = :areaId and w.state <> io.esteira.workspaces.domain.WorkspaceState.DELETED")
    long countLive(UUID areaId);

    boolean existsByAreaIdAndLiveNameIgnoreCase(UUID areaId, String liveName);

    List<Workspace> findByStateIn(Collection<WorkspaceState> states);

    List<Workspace> findByAreaIdAndOwnerIdAndStateIn(UUID areaId, UUID ownerId, Collection<WorkspaceState> states);

    List<Workspace> findByStateNot(WorkspaceState state);

    @Query("select new io.esteira.workspaces.domain.QuotaUse(count(w), coalesce(sum(w.vcpu), 0), coalesce(sum(w.gpuCount), 0)) "
            + "from Workspace w where w.areaId = :areaId and w.state in :states")
    QuotaUse useOfArea(UUID areaId, Collection<WorkspaceState> states);

    @Query("select new io.esteira.workspaces.domain.QuotaUse(count(w), coalesce(sum(w.vcpu), 0), coalesce(sum(w.gpuCount), 0)) "
            + "from Workspace w where w.areaId = :areaId and w.ownerId = :ownerId and w.state in :states")
    QuotaUse useOfOwner(UUID areaId, UUID ownerId, Collection<WorkspaceState> states);
}
