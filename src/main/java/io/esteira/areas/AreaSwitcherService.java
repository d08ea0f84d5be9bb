package io.esteira.areas;

import io.esteira.shared.ui.AreaSwitcher;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.stereotype.Component;

/** Feeds the header's area switcher from the caller's areas, and remembers the choice. */
@Component
class AreaSwitcherService implements AreaSwitcher {

    private final AreaService areas;

    AreaSwitcherService(AreaService areas) {
        this.areas = areas;
    }

    @Override
    public List<AreaOption> choices() {
        return areas.myAreas().stream().filter(AreaSummary::active).map(AreaSwitcherService::option).toList();
    }

    @Override
    public Optional<AreaOption> current() {
        return areas.currentArea().map(AreaSwitcherService::option);
    }

    @Override
    public void choose(UUID areaId) {
        areas.chooseArea(areaId);
    }

    private static AreaOption option(AreaSummary a) {
        return new AreaOption(a.id(), a.code(), a.name());
    }
}
