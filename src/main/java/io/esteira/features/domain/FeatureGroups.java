package io.esteira.features.domain;

import java.util.Collection;
import java.util.Optional;
import java.util.UUID;
import org.springframework.data.domain.Page;
import org.springframework.data.domain.Pageable;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Query;

public interface FeatureGroups extends JpaRepository<FeatureGroup, UUID> {

    Optional<FeatureGroup> findByNameIgnoreCase(String name);

    /**
     * The catalog: groups with a published version, and every group of the caller's areas; matched on
     * name, description, tags or a feature's name.
     */
    @Query("select g from FeatureGroup g where (g.areaId in :ownAreas or exists (select v from FeatureGroupVersion v "
            + "where v.groupId = g.id and v.status = io.esteira.features.domain.FeatureGroupVersion.Status.PUBLISHED)) "
            + "and (:areaId is null or g.areaId = :areaId) "
            + "and (lower(g.name) like lower(concat('%', :text, '%')) or lower(g.description) like lower(concat('%', :text, '%')) "
            + "or lower(g.tags) like lower(concat('%', :text, '%')) or exists (select v2 from FeatureGroupVersion v2 join v2.features f "
            + "where v2.groupId = g.id and lower(f.name) like lower(concat('%', :text, '%'))))")
    Page<FeatureGroup> catalog(Collection<UUID> ownAreas, UUID areaId, String text, Pageable pageable);
}
