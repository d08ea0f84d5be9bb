package io.esteira.models.domain;

import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.data.jpa.repository.JpaRepository;

public interface ModelAliases extends JpaRepository<ModelAlias, ModelAlias.Key> {

    List<ModelAlias> findByKeyModelIdOrderByKeyAlias(UUID modelId);

    default Optional<ModelAlias> find(UUID modelId, String alias) {
        return findById(new ModelAlias.Key(modelId, alias));
    }
}
