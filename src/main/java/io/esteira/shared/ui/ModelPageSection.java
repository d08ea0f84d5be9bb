package io.esteira.shared.ui;

import com.vaadin.flow.component.Component;
import java.util.UUID;

/**
 * A section that another module adds to a model's page (e.g. training: the model's retraining policy and the chain
 * alert → recommendation → run → version → change), since the registry's page may not depend on the modules that
 * depend on the registry. Implemented as a Spring bean; the page asks each for a fresh component when it shows a model.
 */
public interface ModelPageSection {

    /** Where it goes among the sections: lower first. */
    default int order() {
        return 100;
    }

    /**
     * The section for the model, built on the UI thread for the signed-in person (who may read the model), or null to add
     * nothing.
     */
    Component section(UUID modelId, String modelName, UUID areaId);
}
