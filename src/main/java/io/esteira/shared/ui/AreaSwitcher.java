package io.esteira.shared.ui;

import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** What the header's area switcher needs; implemented by the areas module. */
public interface AreaSwitcher {

    List<AreaOption> choices();

    Optional<AreaOption> current();

    void choose(UUID areaId);

    record AreaOption(UUID id, String code, String name) {
    }
}
