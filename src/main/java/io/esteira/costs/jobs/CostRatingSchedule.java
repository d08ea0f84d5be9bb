package io.esteira.costs.jobs;

import io.esteira.shared.jobs.RecurringJobs;
import java.time.Duration;
import org.quartz.JobDetail;
import org.quartz.Trigger;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration
class CostRatingSchedule {

    @Bean
    JobDetail costRatingJob() {
        return RecurringJobs.job(CostRatingJob.class, "costs", "cost-rating",
                "Rates the hourly cost ledger: the current hour so far, the hour before, and hours that late usage events marked due");
    }

    @Bean
    Trigger costRatingTrigger(JobDetail costRatingJob, @Value("${esteira.costs.rating-interval:PT5M}") Duration interval) {
        return RecurringJobs.every(costRatingJob, interval);
    }
}
