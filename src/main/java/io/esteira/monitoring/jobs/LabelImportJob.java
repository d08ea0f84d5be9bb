package io.esteira.monitoring.jobs;

import io.esteira.monitoring.LabelSources;
import io.esteira.shared.security.SystemActor;
import org.quartz.DisallowConcurrentExecution;
import org.quartz.JobExecutionContext;
import org.springframework.scheduling.quartz.QuartzJobBean;

/** Runs the label queries that are due (one node at a time). A thin trigger for {@link LabelSources#importDue}. */
@DisallowConcurrentExecution
public class LabelImportJob extends QuartzJobBean {

    private final LabelSources labelSources;

    public LabelImportJob(LabelSources labelSources) {
        this.labelSources = labelSources;
    }

    @Override
    protected void executeInternal(JobExecutionContext context) {
        SystemActor.run(labelSources::importDue);
    }
}
