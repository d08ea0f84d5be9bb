package io.esteira.features.domain;

import java.util.List;
import java.util.UUID;
import org.springframework.data.jpa.repository.JpaRepository;

public interface SourceColumnClasses extends JpaRepository<SourceColumnClass, SourceColumnClass.Key> {

    List<SourceColumnClass> findBySourceIdOrderBySchemaNameAscTableNameAscColumnNameAsc(UUID sourceId);
}
