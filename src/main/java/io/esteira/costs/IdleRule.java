package io.esteira.costs;

import java.time.Duration;
import java.time.Instant;

/**
 * When a running workspace is idle, as a pure function of what a housekeeping check sees. Idle is the
 * time a running notebook sat with no activity and no busy kernel beyond the grace: a period starts at
 * the last activity plus the grace (counted back from the check that first sees it, so time between
 * checks or while the portal was down is not lost) and ends at the next activity seen (the new
 * last-activity time), at the check that sees a busy kernel without newer activity, or when the
 * workspace stops or is deleted. An end is never before its period's start (a period that would be
 * empty is dropped), and a new period never starts before the end of the one before.
 */
final class IdleRule {

    /** An open period: when it started, and the last activity it follows. */
    record Open(Instant startedAt, Instant afterActivity) {
    }

    /**
     * What a check does: end the open period at {@code endAt} (null: leave it as it is), then open one
     * at {@code startAt} following the activity {@code afterActivity} (null: none).
     */
    record Step(Instant endAt, Instant startAt, Instant afterActivity) {

        static final Step NONE = new Step(null, null, null);

        boolean ends() {
            return endAt != null;
        }

        boolean starts() {
            return startAt != null;
        }
    }

    private IdleRule() {
    }

    /**
     * @param open         the workspace's open period, or null
     * @param lastActivity the workspace's last activity as the check knows it; null when the provisioner cannot tell (nothing changes)
     * @param busyKernels  kernels executing at the check
     * @param seenAt       the time of the check
     * @param grace        how long without activity is not yet idle
     */
    static Step next(Open open, Instant lastActivity, int busyKernels, Instant seenAt, Duration grace) {
        if (lastActivity == null) {
            return Step.NONE;
        }
        Instant end = null;
        if (open != null) {
            if (lastActivity.isAfter(open.afterActivity())) {
                end = endOf(open, lastActivity.isAfter(seenAt) ? seenAt : lastActivity);
            } else if (busyKernels > 0) {
                end = endOf(open, seenAt);
            } else {
                return Step.NONE;
            }
        }
        Instant start = null;
        if (busyKernels == 0) {
            Instant idleFrom = lastActivity.plus(grace);
            if (!seenAt.isBefore(idleFrom)) {
                start = end != null && idleFrom.isBefore(end) ? end : idleFrom;
            }
        }
        return new Step(end, start, start == null ? null : lastActivity);
    }

    /** The end of an open period at {@code at}: never before its start (then the period is empty and dropped). */
    static Instant endOf(Open open, Instant at) {
        return at.isBefore(open.startedAt()) ? open.startedAt() : at;
    }
}
