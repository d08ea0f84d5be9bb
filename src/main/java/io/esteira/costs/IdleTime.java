package io.esteira.costs;

import io.esteira.costs.domain.IdlePeriod;
import io.esteira.costs.domain.IdlePeriods;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * The idle time of running workspaces, which workspace housekeeping records as it checks them (see
 * {@link IdleRule} for when a notebook is idle). Written in the caller's transaction, like the
 * {@link UsageLedger}, so a period never disagrees with the workspace's state; callers check access.
 * Like the usage ledger it is metering, not a change people make: the workspace's own state changes
 * (started, stopped when idle) are what the audit log records.
 */
@Service
@Transactional(readOnly = true)
public class IdleTime {

    private final IdlePeriods periods;
    private final Duration grace;

    IdleTime(IdlePeriods periods, @Value("${esteira.costs.idle-after:PT15M}") Duration grace) {
        if (grace.isNegative()) {
            throw new IllegalArgumentException("esteira.costs.idle-after cannot be negative: " + grace);
        }
        this.periods = periods;
        this.grace = grace;
    }

    /** How long without activity is not yet idle. */
    public Duration grace() {
        return grace;
    }

    /**
     * A check saw a RUNNING workspace: ends its open period at newer activity (or a busy kernel) and
     * starts one when it has sat without activity and busy kernels for longer than the grace. Checking
     * again with the same sight changes nothing.
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public void seen(IdleCheck check) {
        Optional<IdlePeriod> open = periods.findByOpenKey(check.workspaceId());
        IdleRule.Step step = IdleRule.next(open.map(p -> new IdleRule.Open(p.getStartedAt(), p.getLastActivityAt())).orElse(null),
                check.lastActivity(), check.busyKernels(), check.seenAt(), grace);
        if (step.ends()) {
            close(open.orElseThrow(), step.endAt(), check.lastActivity().isAfter(open.get().getLastActivityAt()) ? "activity"
                    : "a busy kernel");
        }
        if (step.starts()) {
            periods.saveAndFlush(new IdlePeriod(check.areaId(), check.workspaceId(), check.workspaceName(), check.personId(),
                    check.personName(), check.held(), step.afterActivity(), step.startAt()));
        }
    }

    /**
     * The workspace stopped, is being deleted, failed or otherwise left RUNNING: its open period, if any,
     * ends at {@code at} (never before it started). @return whether one was open
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public boolean ended(UUID workspaceId, Instant at, String reason) {
        Optional<IdlePeriod> open = periods.findByOpenKey(workspaceId);
        open.ifPresent(p -> close(p, IdleRule.endOf(new IdleRule.Open(p.getStartedAt(), p.getLastActivityAt()), at), reason));
        return open.isPresent();
    }

    /** The workspaces with an open period: reconciliation closes those of workspaces that no longer run. */
    public List<UUID> openWorkspaces() {
        return periods.openWorkspaceIds();
    }

    /** Closes a period; one that would be empty is dropped. Flushed, so a new open period of the workspace may follow at once. */
    private void close(IdlePeriod period, Instant at, String reason) {
        if (at.isAfter(period.getStartedAt())) {
            period.close(at, reason);
        } else {
            periods.delete(period);
        }
        periods.flush();
    }
}
