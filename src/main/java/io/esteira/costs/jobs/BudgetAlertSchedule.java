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
class BudgetAlertSchedule {

    @Bean
    JobDetail budgetAlertJob() {
        return JobBuilder.newJob(BudgetAlertJob.class).withIdentity("budget-alerts", "costs")
                .withDescription("Checks every area's budgets: thresholds of the month's actual cost and of its forecast, "
                        + "each alerted once per month").storeDurably().build();
    }

    @Bean
    Trigger budgetAlertTrigger(JobDetail budgetAlertJob, @Value("${esteira.costs.budget-alert-interval:PT1H}") Duration interval) {
        return TriggerBuilder.newTrigger().forJob(budgetAlertJob).withIdentity("budget-alerts", "costs")
                .withSchedule(SimpleScheduleBuilder.simpleSchedule().withIntervalInMilliseconds(interval.toMillis()).repeatForever()
                        .withMisfireHandlingInstructionNextWithRemainingCount())
                .build();
    }
}
