package io.esteira.models.domain;

import jakarta.persistence.LockModeType;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.data.domain.Page;
import org.springframework.data.domain.Pageable;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Lock;
import org.springframework.data.jpa.repository.Query;

public interface Models extends JpaRepository<Model, UUID> {

    Optional<Model> findByAreaIdAndNameIgnoreCase(UUID areaId, String name);

    List<Model> findByNameIgnoreCase(String name);

    @Query("select m from Model m where m.areaId in :areas and (:text = '' or lower(m.name) like lower(concat('%', :text, '%'))"
            + " or lower(m.useCase) like lower(concat('%', :text, '%')) or lower(m.description) like lower(concat('%', :text, '%')))")
    Page<Model> search(Collection<UUID> areas, String text, Pageable pageable);

    /** Registrations of one model take their numbers one after another. */
    @Lock(LockModeType.PESSIMISTIC_WRITE)
    @Query("select m from Model m where m.id = :id")
    Optional<Model> lockById(UUID id);
}
