package io.esteira.shared;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.springframework.data.domain.PageRequest;
import org.springframework.data.domain.Pageable;
import org.springframework.data.domain.Sort;

/**
 * Paging rules of every list: pages read lazily must have a stable order (or rows repeat and vanish
 * between pages), and a caller may only page within bounds and sort by what the list allows.
 */
public final class Paging {

    /** The largest page a caller may ask for. */
    public static final int MAX_SIZE = 500;
    /** The last page number a caller may ask for (beyond it offsets overflow or scan for nothing). */
    public static final int MAX_PAGE = 100_000;

    private static final Pattern NUMBER = Pattern.compile("\\d{1,9}");

    private Paging() {
    }

    public static Pageable orderedBy(Pageable pageable, String defaultProperty) {
        return pageable.getSort().isSorted() ? pageable
                : PageRequest.of(pageable.getPageNumber(), pageable.getPageSize(), Sort.by(defaultProperty));
    }

    /**
     * Checks the paging parameters exactly as a caller sent them (null: not sent).
     *
     * @param sorts    every {@code sort} value, each {@code property} or {@code property,asc|desc}
     * @param sortable the properties this list may be sorted by (empty: none)
     * @throws InvalidRequestException naming each bad parameter; only the caller's own input is echoed
     */
    public static void check(String page, String size, List<String> sorts, Collection<String> sortable) {
        Map<String, String> errors = new LinkedHashMap<>();
        if (page != null && !page.isBlank() && !within(page, 0, MAX_PAGE)) {
            errors.put("page", "page must be a whole number from 0 to " + MAX_PAGE);
        }
        if (size != null && !size.isBlank() && !within(size, 1, MAX_SIZE)) {
            errors.put("size", "size must be a whole number from 1 to " + MAX_SIZE);
        }
        for (String sort : sorts == null ? List.<String>of() : sorts) {
            String problem = sort.isBlank() ? null : sortProblem(sort, sortable);
            if (problem != null) {
                errors.putIfAbsent("sort", problem);
            }
        }
        if (!errors.isEmpty()) {
            throw new InvalidRequestException(String.join("; ", errors.values()), errors);
        }
    }

    private static boolean within(String value, int min, int max) {
        String v = value.strip();
        if (!NUMBER.matcher(v).matches()) {
            return false;
        }
        int n = Integer.parseInt(v);
        return n >= min && n <= max;
    }

    private static String sortProblem(String sort, Collection<String> sortable) {
        String allowed = sortable.isEmpty() ? "this list cannot be sorted"
                : "sort by one of " + String.join(", ", sortable.stream().sorted().toList()) + ", optionally followed by ,asc or ,desc";
        String[] parts = sort.split(",", -1);
        if (parts.length == 0 || parts.length > 2) {
            return allowed;
        }
        String property = parts[0].strip();
        if (!sortable.contains(property)) {
            return allowed;
        }
        if (parts.length == 2 && !parts[1].strip().equalsIgnoreCase("asc") && !parts[1].strip().equalsIgnoreCase("desc")) {
            return allowed;
        }
        return null;
    }
}
