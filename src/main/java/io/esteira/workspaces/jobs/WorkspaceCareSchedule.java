package io.esteira.workspaces.jobs;

import java.time.Clock;
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
class WorkspaceCareSchedule {

    @Bean
    JobDetail workspaceCareJob() {
        return JobBuilder.newJob(WorkspaceCareJob.class).withIdentity("workspace-care", "workspaces")
                .withDescription("Idle stop, lifetime limits and reconciliation of workspaces").storeDurably().build();
    }

    @Bean
    Trigger workspaceCareTrigger(JobDetail workspaceCareJob,
            @Value("${esteira.workspaces.check-interval:PT1M}") Duration interval, Clock clock) {
        // the first check one interval after start: the start-up reconciliation covers the start itself
        return TriggerBuilder.newTrigger().forJob(workspaceCareJob).withIdentity("workspace-care", "workspaces")
                .startAt(java.util.Date.from(clock.instant().plus(interval)))
                .withSchedule(SimpleScheduleBuilder.simpleSchedule()
                        .withIntervalInMilliseconds(interval.toMillis())
                        .repeatForever()
                        .withMisfireHandlingInstructionNextWithRemainingCount())
                .build();
    }
}
