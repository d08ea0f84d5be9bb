package io.esteira.workspaces;

import io.esteira.shared.security.SystemActor;
import io.esteira.workspaces.domain.Templates;
import java.util.Set;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

/** The template catalogue of the embedded default, created once through the service so that it is audited. */
@Component
@Order(20)
@ConditionalOnProperty(name = "esteira.demo.enabled", havingValue = "true")
class DemoTemplates implements ApplicationRunner {

    private final WorkspaceAdministration administration;
    private final Templates templates;

    DemoTemplates(WorkspaceAdministration administration, Templates templates) {
        this.administration = administration;
        this.templates = templates;
    }

    @Override
    public void run(ApplicationArguments args) {
        if (templates.count() > 0) {
            return;
        }
        SystemActor.run(() -> {
            create(new TemplateDraft("Python 3 · Jupyter on the portal",
                    "A Jupyter Notebook server on the portal's own machine, with its Python 3 kernel and the libraries installed there. "
                            + "For exploration and small data.",
                    "python3", "local", Set.of("XS", "S", "M"), Set.of(), Set.of(), 60, 12, true));
            create(new TemplateDraft("Python · scikit-learn",
                    "Jupyter's SciPy stack: pandas, scikit-learn, matplotlib, on the Kubernetes cluster.",
                    "quay.io/jupyter/scipy-notebook:2025-03-14", "kubernetes", Set.of("S", "M", "L"), Set.of(), Set.of(), 60, 24, true));
            create(new TemplateDraft("Python · PyTorch GPU",
                    "PyTorch with CUDA on a GPU node of the Kubernetes cluster, for deep learning.",
                    "quay.io/jupyter/pytorch-notebook:cuda12-2025-03-14", "kubernetes", Set.of("L", "GPU-T4", "GPU-A100"), Set.of(),
                    Set.of(), 30, 12, true));
        });
    }

    private void create(TemplateDraft draft) {
        if (administration.provisionerKinds().contains(draft.provisioner())) {
            administration.createTemplate(draft);
        }
    }
}
