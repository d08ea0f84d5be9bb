package io.esteira.areas.domain;

import java.util.UUID;
import org.springframework.data.jpa.repository.JpaRepository;

public interface AreaSelections extends JpaRepository<AreaSelection, UUID> {
}
