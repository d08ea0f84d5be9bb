package io.esteira.workspaces.domain;

/** What active workspaces hold: how many, their vCPU and GPUs. */
public record QuotaUse(long workspaces, long vcpu, long gpus) {
}
