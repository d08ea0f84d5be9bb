package io.esteira.monitoring;

/**
 * What a batch of labels did: {@code added} new ones, {@code changed} ones that corrected an
 * earlier label, {@code unchanged} ones already known (sending a batch twice changes nothing).
 */
public record LabelReceipt(String deployment, int received, int added, int changed, int unchanged) {
}
