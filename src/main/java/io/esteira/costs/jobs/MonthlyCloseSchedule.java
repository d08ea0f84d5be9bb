package io.esteira.costs.jobs;

import io.esteira.shared.jobs.RecurringJobs;
import org.quartz.JobDetail;
import org.quartz.Trigger;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration
class MonthlyCloseSchedule {

    @Bean
    JobDetail monthlyCloseJob() {
        return RecurringJobs.job(MonthlyCloseJob.class, "costs", "cost-monthly-close",
                "Closes the month that is over: rates what is left, distributes the shared pools, locks it "
                        + "and issues the areas' statements");
    }

    @Bean
    Trigger monthlyCloseTrigger(JobDetail monthlyCloseJob, @Value("${esteira.costs.close-cron:0 0 2 2 * ?}") String cron) {
        return RecurringJobs.cron(monthlyCloseJob, cron);
    }
}
