package io.esteira.costs.jobs;

import io.esteira.shared.jobs.RecurringJobs;
import java.time.Duration;
import org.quartz.JobDetail;
import org.quartz.Trigger;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration
class StorageMeasurementSchedule {

    @Bean
    JobDetail storageMeasurementJob() {
        return RecurringJobs.job(StorageMeasurementJob.class, "costs", "storage-measurement",
                "Measures the feature groups' tables, the model artifacts and the prediction log, and meters them in GiB-month");
    }

    @Bean
    Trigger storageMeasurementTrigger(JobDetail storageMeasurementJob,
            @Value("${esteira.costs.storage-interval:PT1H}") Duration interval) {
        return RecurringJobs.every(storageMeasurementJob, interval);
    }
}
