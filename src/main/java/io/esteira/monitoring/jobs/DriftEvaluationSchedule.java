package io.esteira.monitoring.jobs;

import io.esteira.shared.jobs.RecurringJobs;
import java.time.Duration;
import org.quartz.JobDetail;
import org.quartz.Trigger;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration
class DriftEvaluationSchedule {

    @Bean
    JobDetail driftEvaluationJob() {
        return RecurringJobs.job(DriftEvaluationJob.class, "monitoring", "drift-evaluation",
                "Evaluates drift of the last closed hours and day of every live release against its training baseline");
    }

    @Bean
    Trigger driftEvaluationTrigger(JobDetail driftEvaluationJob,
            @Value("${esteira.monitoring.drift-interval:PT15M}") Duration interval) {
        return RecurringJobs.every(driftEvaluationJob, interval);
    }
}
