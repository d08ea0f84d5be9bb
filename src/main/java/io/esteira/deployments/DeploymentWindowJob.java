package io.esteira.deployments;

import io.esteira.shared.security.SystemActor;
import java.util.UUID;
import org.quartz.JobExecutionContext;
import org.springframework.scheduling.quartz.QuartzJobBean;

/** Deploys an approved release whose change window has opened. A thin trigger for {@link DeploymentRollout#deploy}. */
public class DeploymentWindowJob extends QuartzJobBean {

    static final String DEPLOYMENT = "deploymentId";
    static final String CHANGE = "changeId";

    private final DeploymentRollout rollout;

    public DeploymentWindowJob(DeploymentRollout rollout) {
        this.rollout = rollout;
    }

    @Override
    protected void executeInternal(JobExecutionContext context) {
        var data = context.getMergedJobDataMap();
        SystemActor.run(() -> rollout.deploy(UUID.fromString(data.getString(DEPLOYMENT)), UUID.fromString(data.getString(CHANGE))));
    }
}
