package io.esteira.audit.jobs;

import io.esteira.shared.jobs.RecurringJobs;
import org.quartz.JobDetail;
import org.quartz.Trigger;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration
class ChainCheckSchedule {

    @Bean
    JobDetail auditChainCheckJob() {
        return RecurringJobs.job(ChainCheckJob.class, "audit", "audit-chain-check",
                "Daily verification of the audit hash chain").getJobBuilder().requestRecovery().build();
    }

    @Bean
    Trigger auditChainCheckTrigger(JobDetail auditChainCheckJob,
            @Value("${esteira.audit.verify-cron:0 30 2 * * ?}") String cron) {
        return RecurringJobs.cron(auditChainCheckJob, cron);
    }
}
