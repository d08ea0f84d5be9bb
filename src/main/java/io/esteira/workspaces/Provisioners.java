package io.esteira.workspaces;

import io.esteira.shared.InvalidRequestException;
import io.esteira.workspaces.provisioning.Availability;
import io.esteira.workspaces.provisioning.Provisioner;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.springframework.stereotype.Component;

/** The provisioners of this portal, by the kind that templates name. */
@Component
class Provisioners {

    private final Map<String, Provisioner> byKind;

    Provisioners(List<Provisioner> provisioners) {
        this.byKind = provisioners.stream().collect(Collectors.toMap(Provisioner::kind, Function.identity()));
    }

    Optional<Provisioner> find(String kind) {
        return Optional.ofNullable(byKind.get(kind));
    }

    Provisioner get(String kind) {
        return find(kind).orElseThrow(() -> new InvalidRequestException("provisioner", "There is no provisioner " + kind));
    }

    Availability availability(String kind) {
        return find(kind).map(Provisioner::availability).orElse(Availability.no("There is no provisioner " + kind));
    }

    Collection<Provisioner> all() {
        return byKind.values();
    }

    List<String> kinds() {
        return byKind.keySet().stream().sorted().toList();
    }
}
