package io.esteira.areas;

import io.esteira.shared.Money;
import java.util.List;
import java.util.UUID;

public record AreaSummary(UUID id, String code, String name, String costCenter, Money monthlyBudget, boolean active,
        List<String> managers, int memberCount, long version) {
}
