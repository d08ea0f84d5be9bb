package io.esteira.deployments.domain;

import java.util.UUID;
import org.springframework.data.jpa.repository.JpaRepository;

public interface BatchReleases extends JpaRepository<BatchRelease, UUID> {
}
