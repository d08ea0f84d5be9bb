package io.esteira.workspaces.jobs;

import io.esteira.shared.jobs.RecurringJobs;
import java.time.Clock;
import java.time.Duration;
import org.quartz.JobDetail;
import org.quartz.Trigger;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration
class WorkspaceCareSchedule {

    @Bean
    JobDetail workspaceCareJob() {
        return RecurringJobs.job(WorkspaceCareJob.class, "workspaces", "workspace-care",
                "Idle stop, lifetime limits and reconciliation of workspaces");
    }

    @Bean
    Trigger workspaceCareTrigger(JobDetail workspaceCareJob,
            @Value("${esteira.workspaces.check-interval:PT1M}") Duration interval, Clock clock) {
        // the first check one interval after start: the start-up reconciliation covers the start itself
        return RecurringJobs.every(workspaceCareJob, interval, clock.instant().plus(interval));
    }
}
