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
class PerformanceSchedule {

    @Bean
    JobDetail performanceEvaluationJob() {
        return JobBuilder.newJob(PerformanceEvaluationJob.class).withIdentity("performance-evaluation", "monitoring")
                .withDescription("Evaluates performance of windows whose labels arrived, and of the recent and just-matured windows of live releases")
                .storeDurably().build();
    }

    @Bean
    Trigger performanceEvaluationTrigger(JobDetail performanceEvaluationJob,
            @Value("${esteira.monitoring.performance-interval:PT15M}") Duration interval) {
        return TriggerBuilder.newTrigger().forJob(performanceEvaluationJob).withIdentity("performance-evaluation", "monitoring")
                .withSchedule(SimpleScheduleBuilder.simpleSchedule().withIntervalInMilliseconds(interval.toMillis()).repeatForever()
                        .withMisfireHandlingInstructionNextWithRemainingCount())
                .build();
    }

    @Bean
    JobDetail labelImportJob() {
        return JobBuilder.newJob(LabelImportJob.class).withIdentity("label-import", "monitoring")
                .withDescription("Runs the label queries of live releases that are due and imports their labels")
                .storeDurably().build();
    }

    @Bean
    Trigger labelImportTrigger(JobDetail labelImportJob, @Value("${esteira.monitoring.label-import-interval:PT5M}") Duration interval) {
        return TriggerBuilder.newTrigger().forJob(labelImportJob).withIdentity("label-import", "monitoring")
                .withSchedule(SimpleScheduleBuilder.simpleSchedule().withIntervalInMilliseconds(interval.toMillis()).repeatForever()
                        .withMisfireHandlingInstructionNextWithRemainingCount())
                .build();
    }
}
