package io.esteira.deployments;

import io.esteira.deployments.rollout.DeploymentRollout;
import io.esteira.shared.security.SystemActor;
import java.util.UUID;
import org.quartz.JobExecutionContext;
import org.springframework.scheduling.quartz.QuartzJobBean;

/**
 * Deploys an approved release whose change window has opened. A thin trigger for {@link DeploymentRollout#deploy}.
 * It stays in the module's root package: the clustered job store keeps its class name, and a node still on an
 * earlier release that meets a name it cannot load sets the waiting window's trigger to ERROR for good.
 */
public class DeploymentWindowJob extends QuartzJobBean {

    public static final String DEPLOYMENT = "deploymentId";
    public static final String CHANGE = "changeId";

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
