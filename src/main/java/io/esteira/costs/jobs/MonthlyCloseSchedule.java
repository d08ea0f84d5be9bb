package io.esteira.costs.jobs;

import java.util.TimeZone;
import org.quartz.CronScheduleBuilder;
import org.quartz.JobBuilder;
import org.quartz.JobDetail;
import org.quartz.Trigger;
import org.quartz.TriggerBuilder;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration
class MonthlyCloseSchedule {

    @Bean
    JobDetail monthlyCloseJob() {
        return JobBuilder.newJob(MonthlyCloseJob.class).withIdentity("cost-monthly-close", "costs")
                .withDescription("Closes the month that is over: rates what is left, distributes the shared pools, locks it and issues "
                        + "the areas' statements").storeDurably().build();
    }

    @Bean
    Trigger monthlyCloseTrigger(JobDetail monthlyCloseJob, @Value("${esteira.costs.close-cron:0 0 2 2 * ?}") String cron) {
        return TriggerBuilder.newTrigger().forJob(monthlyCloseJob).withIdentity("cost-monthly-close", "costs")
                .withSchedule(CronScheduleBuilder.cronSchedule(cron).inTimeZone(TimeZone.getTimeZone("UTC"))
                        .withMisfireHandlingInstructionFireAndProceed())
                .build();
    }
}
