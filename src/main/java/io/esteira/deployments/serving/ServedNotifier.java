package io.esteira.deployments.serving;

import io.esteira.deployments.ServedPredictions;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;

/** Tells every {@link ServedPredictions} of an answered call; a listener's failure never reaches the caller. */
@Component
public class ServedNotifier {

    private static final Logger log = LoggerFactory.getLogger(ServedNotifier.class);

    private final ObjectProvider<ServedPredictions> provider;
    private volatile List<ServedPredictions> listeners;

    ServedNotifier(ObjectProvider<ServedPredictions> provider) {
        this.provider = provider; // looked up at the first call: listeners (monitoring) read deployments themselves
    }

    public void tell(ServedPredictions.Served call) {
        List<ServedPredictions> all = listeners;
        if (all == null) {
            all = provider.orderedStream().toList();
            listeners = all;
        }
        for (ServedPredictions listener : all) {
            try {
                listener.served(call);
            } catch (RuntimeException e) {
                log.warn("{} failed on a served call: {}", listener.getClass().getSimpleName(), e.getMessage());
            }
        }
    }
}
