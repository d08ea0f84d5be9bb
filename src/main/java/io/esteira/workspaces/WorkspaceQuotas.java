package io.esteira.workspaces;

import io.esteira.shared.InvalidRequestException;
import io.esteira.workspaces.domain.Quota;
import io.esteira.workspaces.domain.Quota.Limits;
import io.esteira.workspaces.domain.QuotaUse;
import io.esteira.workspaces.domain.Quotas;
import io.esteira.workspaces.domain.WorkspaceSize;
import io.esteira.workspaces.domain.WorkspaceState;
import io.esteira.workspaces.domain.Workspaces;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Quotas on what an area and each of its people hold at once: workspaces, vCPU and GPUs of the
 * workspaces that run or are about to. A request is checked while the area's quota row is locked,
 * so two requests that race are checked one after the other and cannot both pass.
 */
@Component
class WorkspaceQuotas {

    private final Quotas quotas;
    private final Workspaces workspaces;
    private final Limits defaults;
    private final TransactionTemplate newTransaction;

    WorkspaceQuotas(Quotas quotas, Workspaces workspaces, PlatformTransactionManager transactionManager,
            @Value("${esteira.workspaces.quota.area-workspaces:20}") int areaWorkspaces,
            @Value("${esteira.workspaces.quota.area-vcpu:64}") int areaVcpu,
            @Value("${esteira.workspaces.quota.area-gpus:4}") int areaGpus,
            @Value("${esteira.workspaces.quota.user-workspaces:3}") int userWorkspaces,
            @Value("${esteira.workspaces.quota.user-vcpu:16}") int userVcpu,
            @Value("${esteira.workspaces.quota.user-gpus:1}") int userGpus) {
        this.quotas = quotas;
        this.workspaces = workspaces;
        this.defaults = new Limits(areaWorkspaces, areaVcpu, areaGpus, userWorkspaces, userVcpu, userGpus);
        this.newTransaction = new TransactionTemplate(transactionManager);
        this.newTransaction.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
    }

    Limits limitsOf(UUID areaId) {
        return quotas.findById(areaId).map(Quota::limits).orElse(defaults);
    }

    Quota rowOf(UUID areaId) {
        ensureRow(areaId);
        return quotas.findById(areaId).orElseThrow();
    }

    /** Must run inside the transaction that then saves the workspace. @throws InvalidRequestException naming the quota */
    void lockAndCheck(UUID areaId, UUID userId, WorkspaceSize size) {
        ensureRow(areaId);
        Limits limits = quotas.lockForArea(areaId).orElseThrow().limits();
        List<String> problems = problems(limits, areaId, userId, size);
        if (!problems.isEmpty()) {
            throw new InvalidRequestException("quota", String.join(" ", problems));
        }
    }

    List<String> problems(UUID areaId, UUID userId, WorkspaceSize size) {
        return problems(limitsOf(areaId), areaId, userId, size);
    }

    private List<String> problems(Limits limits, UUID areaId, UUID userId, WorkspaceSize size) {
        QuotaUse area = workspaces.useOfArea(areaId, WorkspaceState.ACTIVE);
        QuotaUse mine = workspaces.useOfOwner(areaId, userId, WorkspaceState.ACTIVE);
        List<String> problems = new ArrayList<>();
        check(problems, "The area's workspace quota", area.workspaces(), 1, limits.areaWorkspaces(), "workspaces", "the area has");
        check(problems, "The area's vCPU quota", area.vcpu(), size.getVcpu(), limits.areaVcpu(), "vCPU", "the area's workspaces use");
        check(problems, "The area's GPU quota", area.gpus(), size.getGpuCount(), limits.areaGpus(), "GPUs", "the area's workspaces use");
        check(problems, "Your workspace quota", mine.workspaces(), 1, limits.userWorkspaces(), "workspaces", "you have");
        check(problems, "Your vCPU quota", mine.vcpu(), size.getVcpu(), limits.userVcpu(), "vCPU", "your workspaces use");
        check(problems, "Your GPU quota", mine.gpus(), size.getGpuCount(), limits.userGpus(), "GPUs", "your workspaces use");
        return problems;
    }

    private static void check(List<String> problems, String quota, long used, long wanted, long limit, String unit, String holder) {
        if (wanted > 0 && used + wanted > limit) {
            problems.add(quota + " would be exceeded by " + (used + wanted - limit) + ": " + holder + " " + used + " of " + limit
                    + " " + unit + " running or starting, and this workspace needs " + wanted + ".");
        }
    }

    private void ensureRow(UUID areaId) {
        if (quotas.existsById(areaId)) {
            return;
        }
        try {
            newTransaction.executeWithoutResult(s -> quotas.saveAndFlush(new Quota(areaId, defaults)));
        } catch (DataIntegrityViolationException raced) {
            // another request created it first
        }
    }
}
