package io.esteira.workspaces.domain;

import java.util.List;
import org.springframework.data.jpa.repository.JpaRepository;

public interface WorkspaceSizes extends JpaRepository<WorkspaceSize, String> {

    List<WorkspaceSize> findAllByOrderBySortOrder();
}
