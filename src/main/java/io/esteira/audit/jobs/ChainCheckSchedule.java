package io.esteira.audit.jobs;

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
class ChainCheckSchedule {

    @Bean
    JobDetail auditChainCheckJob() {
        return JobBuilder.newJob(ChainCheckJob.class).withIdentity("audit-chain-check", "audit")
                .withDescription("Daily verification of the audit hash chain").storeDurably().requestRecovery().build();
    }

    @Bean
    Trigger auditChainCheckTrigger(JobDetail auditChainCheckJob,
            @Value("${esteira.audit.verify-cron:0 30 2 * * ?}") String cron) {
        return TriggerBuilder.newTrigger().forJob(auditChainCheckJob).withIdentity("audit-chain-check", "audit")
                .withSchedule(CronScheduleBuilder.cronSchedule(cron).inTimeZone(TimeZone.getTimeZone("UTC"))
                        .withMisfireHandlingInstructionFireAndProceed())
                .build();
    }
}
