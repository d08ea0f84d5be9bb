package io.esteira.costs.jobs;

import io.esteira.costs.StorageMetering;
import io.esteira.shared.security.SystemActor;
import org.quartz.DisallowConcurrentExecution;
import org.quartz.JobExecutionContext;
import org.springframework.scheduling.quartz.QuartzJobBean;

/**
 * Measures what every module stores for areas and meters it, on one node of the cluster at a time. A thin
 * trigger for {@link StorageMetering#measure()}.
 */
@DisallowConcurrentExecution
public class StorageMeasurementJob extends QuartzJobBean {

    private final StorageMetering storage;

    public StorageMeasurementJob(StorageMetering storage) {
        this.storage = storage;
    }

    @Override
    protected void executeInternal(JobExecutionContext context) {
        SystemActor.run(storage::measure);
    }
}
