package io.esteira.scheduling;

import io.esteira.areas.AreaAccess;
import io.esteira.scheduling.domain.Schedule;
import io.esteira.scheduling.domain.Schedules;
import io.esteira.shared.InvalidRequestException;
import io.esteira.shared.NotFoundException;
import java.util.UUID;
import org.springframework.stereotype.Component;

/** A schedule as far as the signed-in person may go with it: read it, act on it (run it), or change it. */
@Component
class ScheduleAccess {

    private final Schedules schedules;
    private final AreaAccess access;
    private final RowScorers scorers;

    ScheduleAccess(Schedules schedules, AreaAccess access, RowScorers scorers) {
        this.schedules = schedules;
        this.access = access;
        this.scorers = scorers;
    }

    Schedule readable(UUID id) {
        Schedule schedule = schedules.findById(id).orElseThrow(() -> new NotFoundException("schedule", id));
        access.requireRead(schedule.getAreaId(), "schedule", id);
        return schedule;
    }

    Schedule changeable(UUID id) {
        Schedule schedule = readable(id);
        access.requireAct(schedule.getAreaId(), "schedule", id);
        return schedule;
    }

    /** A person's schedule; one whose rows another module's subject scores changes only with that subject. */
    Schedule editable(UUID id) {
        Schedule schedule = changeable(id);
        if (schedule.isManaged()) {
            throw new InvalidRequestException("schedule", "The schedule " + schedule.getName() + " runs " + scorers.managedBy(schedule)
                    + ": it changes with it, and stops when it is retired; here it may only be run now");
        }
        return schedule;
    }
}
