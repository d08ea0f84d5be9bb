package io.esteira.areas.domain;

import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.data.domain.Page;
import org.springframework.data.domain.Pageable;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Query;

public interface Areas extends JpaRepository<Area, UUID> {

    Optional<Area> findByCode(String code);

    @Query("select a.id from Area a")
    java.util.Set<UUID> findAllIds();

    boolean existsByCode(String code);

    List<Area> findByIdInOrderByName(Collection<UUID> ids);

    List<Area> findAllByOrderByName();

    @Query("select a from Area a where lower(a.name) like lower(concat('%', :text, '%')) "
            + "or lower(a.code) like lower(concat('%', :text, '%'))")
    Page<Area> search(String text, Pageable pageable);
}
