package io.esteira.costs.web;

import io.esteira.costs.MonthlyClose;
import io.esteira.costs.PoolDraft;
import io.esteira.costs.PoolShares;
import io.esteira.costs.SharedPool;
import io.esteira.costs.SharedPools;
import io.esteira.costs.StatementView;
import io.esteira.costs.Statements;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.time.Clock;
import java.time.YearMonth;
import java.util.List;
import java.util.UUID;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.StreamingResponseBody;

/** Shared pools, the monthly close and statements. */
@RestController
@Tag(name = "Costs")
class CostCloseController {

    private final SharedPools pools;
    private final MonthlyClose close;
    private final Statements statements;
    private final Clock clock;

    CostCloseController(SharedPools pools, MonthlyClose close, Statements statements, Clock clock) {
        this.clock = clock;
        this.pools = pools;
        this.close = close;
        this.statements = statements;
    }

    @GetMapping("/api/v1/costs/pools")
    @Operation(summary = "The shared pools of a month (administrators), ?month=yyyy-MM")
    List<SharedPool> pools(@RequestParam String month) {
        return pools.pools(SharedPools.month(month, clock));
    }

    @GetMapping("/api/v1/costs/pools/shares")
    @Operation(summary = "An area's share of a month's shared pools (?area=&month=yyyy-MM; its managers and administrators): of a "
            + "closed month as its statement has them (with the statement's number), of the current month the pools priced so far and "
            + "what they would give the area if the month closed now (closed=false: the close distributes them). Each share in cents, "
            + "zero for a pool the area carries none of (e.g. one in another currency)")
    PoolShares shares(@RequestParam(required = false) UUID area, @RequestParam(required = false) String month) {
        if (area == null) {
            throw new io.esteira.shared.InvalidRequestException("area", "Give the area whose shares to read: ?area=<area id>");
        }
        return pools.shares(area, SharedPools.month(month, clock));
    }

    @PutMapping("/api/v1/costs/pools")
    @Operation(summary = "Sets the shared pools of a month that is not closed (administrators; audited), replacing its pools: each "
            + "{name, amount (whole cents), currency, rule: PROPORTIONAL | EVEN | FIXED, shares: {areaId: percent} for FIXED, summing to "
            + "exactly 100}")
    List<SharedPool> setPools(@RequestParam String month, @RequestBody List<PoolDraft> drafts) {
        return pools.set(SharedPools.month(month, clock), drafts);
    }

    @PostMapping("/api/v1/costs/months/{month}/close")
    @Operation(summary = "Closes a month that is over (administrators; audited; idempotent): rates what is left, records corrections of "
            + "earlier closed months, distributes the pools, locks the month and issues a numbered statement per area. The close job "
            + "does this by itself on the 2nd of each month at 02:00 UTC")
    MonthlyClose.CloseResult close(@PathVariable String month) {
        return close.close(SharedPools.month(month, clock));
    }

    @GetMapping("/api/v1/costs/statements")
    @Operation(summary = "The statements of an area, newest first (its managers and administrators); without ?area= every area's "
            + "(administrators)")
    List<StatementView> statements(@RequestParam(required = false) UUID area) {
        return statements.list(area);
    }

    @GetMapping("/api/v1/costs/statements/{number}.pdf")
    @Operation(summary = "A statement as PDF (its area's managers and administrators)")
    ResponseEntity<byte[]> pdf(@PathVariable String number) {
        byte[] pdf = statements.pdf(number);
        return ResponseEntity.ok().contentType(MediaType.APPLICATION_PDF)
                .header(HttpHeaders.CONTENT_DISPOSITION, ContentDisposition.inline().filename(number + ".pdf").build().toString())
                .body(pdf);
    }

    @GetMapping("/api/v1/costs/statements/{number}.csv")
    @Operation(summary = "A statement's hourly ledger lines (corrections included) and pool shares in FinOps FOCUS 1.2 columns, "
            + "streamed (its area's managers and administrators)")
    ResponseEntity<StreamingResponseBody> csv(@PathVariable String number) {
        Statements.Export export = statements.focusCsv(number);
        return ResponseEntity.ok().contentType(new MediaType("text", "csv", java.nio.charset.StandardCharsets.UTF_8))
                .header(HttpHeaders.CONTENT_DISPOSITION, ContentDisposition.attachment().filename(number + ".csv").build().toString())
                .body(export::writeTo);
    }

    @GetMapping("/api/v1/costs/months/{month}/focus.csv")
    @Operation(summary = "Every statement of a closed month in one FinOps FOCUS 1.2 file, streamed (administrators): the platform's "
            + "billing data for finance")
    ResponseEntity<StreamingResponseBody> monthCsv(@PathVariable String month) {
        YearMonth m = SharedPools.month(month, clock);
        Statements.Export export = statements.focusCsvOfMonth(m);
        return ResponseEntity.ok().contentType(new MediaType("text", "csv", java.nio.charset.StandardCharsets.UTF_8))
                .header(HttpHeaders.CONTENT_DISPOSITION, ContentDisposition.attachment().filename("esteira-" + m + "-focus.csv").build()
                        .toString())
                .body(export::writeTo);
    }
}
