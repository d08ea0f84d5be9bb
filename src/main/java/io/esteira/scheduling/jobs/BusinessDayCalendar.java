package io.esteira.scheduling.jobs;

import io.esteira.scheduling.BusinessCalendar;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.TimeZone;
import org.quartz.impl.calendar.BaseCalendar;

/**
 * A {@link BusinessCalendar} as Quartz needs it: a time is included when its date in the
 * schedule's zone is a business day. Stored serialized in the job store, so its form stays fixed.
 */
public class BusinessDayCalendar extends BaseCalendar {

    private static final long serialVersionUID = 1L;

    private final String calendar;

    public BusinessDayCalendar(BusinessCalendar calendar, ZoneId zone) {
        this.calendar = calendar.name();
        setTimeZone(TimeZone.getTimeZone(zone));
        setDescription(calendar.label() + " in " + zone);
    }

    public static String nameOf(BusinessCalendar calendar, ZoneId zone) {
        return "business-" + calendar.name() + "-" + zone.getId();
    }

    @Override
    public boolean isTimeIncluded(long timeStamp) {
        return super.isTimeIncluded(timeStamp) && BusinessCalendar.valueOf(calendar).includes(date(timeStamp));
    }

    @Override
    public long getNextIncludedTime(long timeStamp) {
        long next = super.getNextIncludedTime(timeStamp);
        LocalDate day = date(next);
        for (int i = 0; i < 30 && !BusinessCalendar.valueOf(calendar).includes(day); i++) {
            day = day.plusDays(1);
            next = day.atStartOfDay(getTimeZone().toZoneId()).toInstant().toEpochMilli();
        }
        return next;
    }

    private LocalDate date(long timeStamp) {
        return Instant.ofEpochMilli(timeStamp).atZone(getTimeZone().toZoneId()).toLocalDate();
    }
}
