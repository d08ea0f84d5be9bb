package io.esteira.monitoring.jobs;

import io.esteira.shared.jobs.RecurringJobs;
import java.time.Duration;
import org.quartz.JobDetail;
import org.quartz.Trigger;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration
class PerformanceSchedule {

    @Bean
    JobDetail performanceEvaluationJob() {
        return RecurringJobs.job(PerformanceEvaluationJob.class, "monitoring", "performance-evaluation",
                "Evaluates performance of windows whose labels arrived, and of the recent and just-matured windows of live releases");
    }

    @Bean
    Trigger performanceEvaluationTrigger(JobDetail performanceEvaluationJob,
            @Value("${esteira.monitoring.performance-interval:PT15M}") Duration interval) {
        return RecurringJobs.every(performanceEvaluationJob, interval);
    }

    @Bean
    JobDetail labelImportJob() {
        return RecurringJobs.job(LabelImportJob.class, "monitoring", "label-import",
                "Runs the label queries of live releases that are due and imports their labels");
    }

    @Bean
    Trigger labelImportTrigger(JobDetail labelImportJob, @Value("${esteira.monitoring.label-import-interval:PT5M}") Duration interval) {
        return RecurringJobs.every(labelImportJob, interval);
    }
}
