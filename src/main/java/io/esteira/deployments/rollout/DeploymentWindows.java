package io.esteira.deployments.rollout;

import io.esteira.deployments.DeploymentWindowJob;
import java.time.Instant;
import java.util.Date;
import java.util.UUID;
import org.quartz.JobBuilder;
import org.quartz.JobDetail;
import org.quartz.JobKey;
import org.quartz.ObjectAlreadyExistsException;
import org.quartz.Scheduler;
import org.quartz.SchedulerException;
import org.quartz.SimpleScheduleBuilder;
import org.quartz.Trigger;
import org.quartz.TriggerBuilder;
import org.quartz.TriggerKey;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Lazy;

/**
 * Approved releases waiting for their change window: a one-time Quartz trigger per release at the
 * window's start, in the clustered job store, so that it fires once on some node even across restarts.
 */
@Configuration
class DeploymentWindows {

    static final JobKey JOB = JobKey.jobKey("deployment-window", "deployments");

    private final Scheduler quartz;

    DeploymentWindows(@Lazy Scheduler quartz) {
        this.quartz = quartz;
    }

    @Bean
    JobDetail deploymentWindowJob() {
        return JobBuilder.newJob(DeploymentWindowJob.class).withIdentity(JOB)
                .withDescription("Deploys approved releases when their change window opens").storeDurably().requestRecovery().build();
    }

    void deployAt(UUID deploymentId, UUID changeId, Instant at) {
        Trigger trigger = TriggerBuilder.newTrigger().forJob(JOB)
                .withIdentity(TriggerKey.triggerKey(deploymentId.toString(), "deployment-windows"))
                .usingJobData(DeploymentWindowJob.DEPLOYMENT, deploymentId.toString())
                .usingJobData(DeploymentWindowJob.CHANGE, changeId.toString())
                .startAt(Date.from(at))
                .withSchedule(SimpleScheduleBuilder.simpleSchedule().withMisfireHandlingInstructionFireNow())
                .build();
        try {
            quartz.scheduleJob(trigger);
        } catch (ObjectAlreadyExistsException e) {
            // planned already (the approval was delivered again)
        } catch (SchedulerException e) {
            throw new IllegalStateException("Quartz refused the window of deployment " + deploymentId + ": " + e.getMessage(), e);
        }
    }
}
