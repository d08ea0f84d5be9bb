package io.esteira.monitoring.statistics;

/** What a check concludes for one window. */
public enum Verdict {
    /** Fewer rows than the monitor's minimum in the window or the baseline: no conclusion, never "no drift". */
    INSUFFICIENT_DATA,
    /** Below the warning threshold, or within what noise explains for these window sizes. */
    OK,
    /** Above the warning threshold and above the noise floor. */
    WARNING,
    /** Above the breach threshold and above the noise floor. */
    BREACH
}
