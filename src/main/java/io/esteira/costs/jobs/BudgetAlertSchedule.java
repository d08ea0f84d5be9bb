package io.esteira.costs.jobs;

import io.esteira.shared.jobs.RecurringJobs;
import java.time.Duration;
import org.quartz.JobDetail;
import org.quartz.Trigger;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration
class BudgetAlertSchedule {

    @Bean
    JobDetail budgetAlertJob() {
        return RecurringJobs.job(BudgetAlertJob.class, "costs", "budget-alerts",
                "Checks every area's budgets: thresholds of the month's actual cost and of its forecast, each alerted once per month");
    }

    @Bean
    Trigger budgetAlertTrigger(JobDetail budgetAlertJob, @Value("${esteira.costs.budget-alert-interval:PT1H}") Duration interval) {
        return RecurringJobs.every(budgetAlertJob, interval);
    }
}
