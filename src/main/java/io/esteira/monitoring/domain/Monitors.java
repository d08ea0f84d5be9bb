package io.esteira.monitoring.domain;

import java.util.List;
import java.util.UUID;
import org.springframework.data.jpa.repository.JpaRepository;

public interface Monitors extends JpaRepository<Monitor, UUID> {

    List<Monitor> findByLabelSourceIdNotNull();
}
