package io.esteira.monitoring;

/**
 * What a data scientist of the area proposes for a release's monitor, and why (the change request's
 * justification, 20 to 4,000 characters).
 *
 * @param monitorVersion the version of the monitor they saw (optional): a proposal against an older one is refused
 */
public record MonitorProposal(MonitorSettings settings, String justification, Long monitorVersion) {
}
