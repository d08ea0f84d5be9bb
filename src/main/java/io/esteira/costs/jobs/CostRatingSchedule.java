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
class CostRatingSchedule {

    @Bean
    JobDetail costRatingJob() {
        return JobBuilder.newJob(CostRatingJob.class).withIdentity("cost-rating", "costs")
                .withDescription("Rates the hourly cost ledger: the current hour so far, the hour before, and hours that late "
                        + "usage events marked due").storeDurably().build();
    }

    @Bean
    Trigger costRatingTrigger(JobDetail costRatingJob, @Value("${esteira.costs.rating-interval:PT5M}") Duration interval) {
        return TriggerBuilder.newTrigger().forJob(costRatingJob).withIdentity("cost-rating", "costs")
                .withSchedule(SimpleScheduleBuilder.simpleSchedule().withIntervalInMilliseconds(interval.toMillis()).repeatForever()
                        .withMisfireHandlingInstructionNextWithRemainingCount())
                .build();
    }
}
