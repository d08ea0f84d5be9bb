package io.esteira.workspaces;

/** A size a template allows. */
public record SizeOption(String code, String label, int vcpu, int memoryGib, String gpuType, int gpuCount, int diskGib) {

    public String describe() {
        String gpu = gpuCount == 0 ? "" : " · " + gpuCount + "× " + gpuType;
        return vcpu + " vCPU · " + memoryGib + " GiB" + gpu + " · " + diskGib + " GiB disk";
    }
}
