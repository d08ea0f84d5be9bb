package io.esteira.monitoring.jobs;

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
class DriftEvaluationSchedule {

    @Bean
    JobDetail driftEvaluationJob() {
        return JobBuilder.newJob(DriftEvaluationJob.class).withIdentity("drift-evaluation", "monitoring")
                .withDescription("Evaluates drift of the last closed hours and day of every live release against its training baseline")
                .storeDurably().build();
    }

    @Bean
    Trigger driftEvaluationTrigger(JobDetail driftEvaluationJob,
            @Value("${esteira.monitoring.drift-interval:PT15M}") Duration interval) {
        return TriggerBuilder.newTrigger().forJob(driftEvaluationJob).withIdentity("drift-evaluation", "monitoring")
                .withSchedule(SimpleScheduleBuilder.simpleSchedule().withIntervalInMilliseconds(interval.toMillis()).repeatForever()
                        .withMisfireHandlingInstructionNextWithRemainingCount())
                .build();
    }
}
