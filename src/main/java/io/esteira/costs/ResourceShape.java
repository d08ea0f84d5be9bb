package io.esteira.costs;

/** The resources something holds while it runs, as priced by the rate card. */
public record ResourceShape(int vcpu, int memoryGib, String gpuType, int gpuCount, int diskGib) {
}
