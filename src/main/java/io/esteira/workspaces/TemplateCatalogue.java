package io.esteira.workspaces;

import io.esteira.shared.security.Role;
import io.esteira.workspaces.domain.Template;
import io.esteira.workspaces.domain.WorkspaceSize;
import io.esteira.workspaces.domain.WorkspaceSizes;
import io.esteira.workspaces.provisioning.Availability;
import java.util.List;
import java.util.stream.Collectors;

/** Turns templates into what screens and the API show. */
final class TemplateCatalogue {

    private TemplateCatalogue() {
    }

    static TemplateSummary summary(Template t, WorkspaceSizes sizes, Provisioners provisioners) {
        List<SizeOption> allowed = sizes.findAllByOrderBySortOrder().stream()
                .filter(s -> t.getSizeCodes().contains(s.getCode()))
                .map(TemplateCatalogue::option)
                .toList();
        Availability availability = provisioners.availability(t.getProvisioner());
        return new TemplateSummary(t.getId(), t.getName(), t.getDescription(), t.getImage(), t.getProvisioner(), allowed,
                t.getAreaIds(), t.getRoles().stream().map(Role::valueOf).collect(Collectors.toSet()),
                t.getIdleTimeoutMinutes(), t.getMaxLifetimeHours(), t.isActive(), availability.available(),
                availability.message(), t.getVersion());
    }

    static SizeOption option(WorkspaceSize s) {
        return new SizeOption(s.getCode(), s.getLabel(), s.getVcpu(), s.getMemoryGib(), s.getGpuType(), s.getGpuCount(), s.getDiskGib());
    }
}
