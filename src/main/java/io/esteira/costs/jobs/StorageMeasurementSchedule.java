package io.esteira.costs.jobs;

import java.time.Duration;
import org.quartz.JobBuilder;
import org.quartz.JobDetail;
import org.quartz.SimpleScheduleBuilder;
import org.quartz.Trigger;
import org.quartz.TriggerBuilder;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration
class StorageMeasurementSchedule {

    @Bean
    JobDetail storageMeasurementJob() {
        return JobBuilder.newJob(StorageMeasurementJob.class).withIdentity("storage-measurement", "costs")
                .withDescription("Measures the feature groups' tables, the model artifacts and the prediction log, and meters "
                        + "them in GiB-month").storeDurably().build();
    }

    @Bean
    Trigger storageMeasurementTrigger(JobDetail storageMeasurementJob,
            @Value("${esteira.costs.storage-interval:PT1H}") Duration interval) {
        return TriggerBuilder.newTrigger().forJob(storageMeasurementJob).withIdentity("storage-measurement", "costs")
                .withSchedule(SimpleScheduleBuilder.simpleSchedule().withIntervalInMilliseconds(interval.toMillis()).repeatForever()
                        .withMisfireHandlingInstructionNextWithRemainingCount())
                .build();
    }
}
