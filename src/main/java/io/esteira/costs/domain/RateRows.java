package io.esteira.costs.domain;

import java.util.List;
import java.util.UUID;
import org.springframework.data.jpa.repository.JpaRepository;

public interface RateRows extends JpaRepository<Rate, UUID> {

    List<Rate> findByAreaIdIsNullAndCurrency(String currency);

    List<Rate> findByAreaIdAndCurrency(UUID areaId, String currency);
}
