package io.esteira.workspaces.domain;

import java.util.List;
import java.util.UUID;
import org.springframework.data.domain.Page;
import org.springframework.data.domain.Pageable;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Query;

public interface Templates extends JpaRepository<Template, UUID> {

    boolean existsByNameIgnoreCase(String name);

    List<Template> findByActiveTrueOrderByName();

    @Query("select t from Template t where lower(t.name) like lower(concat('%', :text, '%')) "
            + "or lower(t.image) like lower(concat('%', :text, '%'))")
    Page<Template> search(String text, Pageable pageable);
}
