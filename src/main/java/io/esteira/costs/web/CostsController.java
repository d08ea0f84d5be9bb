package io.esteira.costs.web;

import io.esteira.costs.CostLedger;
import io.esteira.costs.CostLineView;
import io.esteira.costs.CostTotal;
import io.esteira.costs.IdleWaste;
import io.esteira.costs.IdleWasteReport;
import io.esteira.costs.Price;
import io.esteira.costs.RateCard;
import io.esteira.costs.RateDraft;
import io.esteira.costs.RateVersion;
import io.esteira.costs.RatingResult;
import io.esteira.costs.SharedPools;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import org.springframework.data.domain.Page;
import org.springframework.data.domain.Pageable;
import org.springframework.data.web.PageableDefault;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

@RestController
@Tag(name = "Costs")
class CostsController {

    private final RateCard rateCard;
    private final CostLedger ledger;
    private final IdleWaste idleWaste;
    private final Clock clock;

    CostsController(RateCard rateCard, CostLedger ledger, IdleWaste idleWaste, Clock clock) {
        this.clock = clock;
        this.rateCard = rateCard;
        this.ledger = ledger;
        this.idleWaste = idleWaste;
    }

    @GetMapping("/api/v1/costs/rates")
    @Operation(summary = "Every version of the rate card's prices (administrators): the platform's defaults and areas' own, "
            + "each from its hour (UTC); of one area only with ?area=")
    List<Price> rates(@RequestParam(required = false) UUID area) {
        return rateCard.prices(area);
    }

    @GetMapping("/api/v1/costs/rate-card")
    @Operation(summary = "The rate card as the Rate card page shows it (managers, administrators): each price version with its end "
            + "(the next version's start) and status ENDED, IN_FORCE or SCHEDULED. With ?area=: the platform's defaults in the area's "
            + "currency and the area's own prices (its managers, administrators); without: every price (administrators), the defaults "
            + "and the managed areas' own (managers)")
    List<RateVersion> rateCard(@RequestParam(required = false) UUID area) {
        return rateCard.card(area);
    }

    @PostMapping("/api/v1/costs/rates")
    @ResponseStatus(HttpStatus.CREATED)
    @Operation(summary = "Schedules a new price (administrators): sku, areaId (none: the platform default), currency, unitPrice "
            + "(>= 0, at most 10 decimals), effectiveFrom (a whole UTC hour, the next one or later: a past hour is never re-rated)")
    Price schedule(@RequestBody RateDraft draft) {
        return rateCard.schedule(draft);
    }

    @PostMapping("/api/v1/costs/rating")
    @Operation(summary = "Rates again the whole UTC hours in [from, to) (administrators; at most 400 days; audited): usage counted up "
            + "to now, prices of each hour, closed months left alone. The rating job does this by itself every few minutes")
    RatingResult rate(@RequestParam Instant from, @RequestParam Instant to) {
        return ledger.rate(from, to);
    }

    @GetMapping("/api/v1/costs/lines")
    @Operation(summary = "The hourly ledger's lines of an area in [from, to) (ISO-8601, UTC), paged: managers and administrators "
            + "read all of them, other members of the area their own; without ?area= every area (administrators)")
    Page<CostLineView> lines(@RequestParam(required = false) UUID area, @RequestParam Instant from, @RequestParam Instant to,
            @PageableDefault(size = 100) Pageable pageable) {
        return ledger.lines(area, from, to, pageable);
    }

    @GetMapping("/api/v1/costs/totals")
    @Operation(summary = "Totals of the ledger's lines in [from, to) per UTC DAY (default) or MONTH, optionally by kind, person, "
            + "sku, resource (KIND/id), model (null key: not tied to a model) or resource_group (a resource, the runs of one schedule "
            + "or batch deployment together as KIND/schedule id): exact sums of the hourly lines, read as for /lines (a data "
            + "scientist's own). ?within=<by>:<key> keeps the lines of one group of such a grouping, e.g. within=person:<id>, "
            + "within=kind:WORKSPACE, within=model:none: the drill-down of a total, whose totals add up to it exactly. The costs "
            + "page's month over month is granularity=MONTH&by=kind over six months")
    List<CostTotal> totals(@RequestParam(required = false) UUID area, @RequestParam Instant from, @RequestParam Instant to,
            @RequestParam(required = false) String granularity, @RequestParam(required = false) String by,
            @RequestParam(required = false) String within) {
        return ledger.totals(area, from, to, granularity == null ? null : parse(CostTotal.Granularity.class, "granularity", granularity),
                by == null ? null : parse(CostTotal.By.class, "by", by), within == null ? null : within(within));
    }

    /** {@code <by>:<key>}; an empty key, or {@code none}, is the group without a person or a model. */
    private static CostTotal.Within within(String within) {
        int colon = within.indexOf(':');
        if (colon < 0) {
            throw new io.esteira.shared.InvalidRequestException("within", "Give within as <by>:<key>, e.g. person:<person id>, "
                    + "kind:WORKSPACE or model:none");
        }
        String key = within.substring(colon + 1).strip();
        return new CostTotal.Within(parse(CostTotal.By.class, "within", within.substring(0, colon)),
                key.isEmpty() || key.equalsIgnoreCase("none") ? null : key);
    }

    @GetMapping("/api/v1/costs/idle")
    @Operation(summary = "Idle time of running workspaces as waste in an area's month (?area=&month=yyyy-MM): per person and per "
            + "workspace, the hours a running notebook sat with no activity and no busy kernel beyond the grace, what they cost at "
            + "each hour's price (as the ledger rates compute) and their share of the workspace compute cost. Managers and "
            + "administrators read everybody's, other members of the area their own")
    IdleWasteReport idle(@RequestParam(required = false) UUID area, @RequestParam(required = false) String month) {
        if (area == null) {
            throw new io.esteira.shared.InvalidRequestException("area", "Give the area whose idle time to read: ?area=<area id>");
        }
        return idleWaste.month(area, SharedPools.month(month, clock));
    }

    private static <E extends Enum<E>> E parse(Class<E> type, String field, String value) {
        try {
            return Enum.valueOf(type, value.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new io.esteira.shared.InvalidRequestException(field, "Unknown " + field + " '" + value + "': give one of "
                    + java.util.Arrays.toString(type.getEnumConstants()).toLowerCase(Locale.ROOT));
        }
    }
}
