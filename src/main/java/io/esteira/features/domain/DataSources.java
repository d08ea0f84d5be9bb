package io.esteira.features.domain;

import java.util.Collection;
import java.util.Optional;
import java.util.UUID;
import org.springframework.data.domain.Page;
import org.springframework.data.domain.Pageable;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Query;

public interface DataSources extends JpaRepository<DataSource, UUID> {

    boolean existsByNameIgnoreCase(String name);

    Optional<DataSource> findByNameIgnoreCase(String name);

    /** Platform-wide sources and those of the given areas (all when {@code everything}). */
    @Query("select d from DataSource d where (:everything = true or d.ownerAreaId is null or d.ownerAreaId in :areaIds) "
            + "and (lower(d.name) like lower(concat('%', :text, '%')) or lower(d.description) like lower(concat('%', :text, '%')))")
    Page<DataSource> visible(boolean everything, Collection<UUID> areaIds, String text, Pageable pageable);
}
