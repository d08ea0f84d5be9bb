package io.esteira.shared;

import org.springframework.data.domain.PageRequest;
import org.springframework.data.domain.Pageable;
import org.springframework.data.domain.Sort;

/** Pages read lazily must have a stable order, or rows repeat and vanish between pages. */
public final class Paging {

    private Paging() {
    }

    public static Pageable orderedBy(Pageable pageable, String defaultProperty) {
        return pageable.getSort().isSorted() ? pageable
                : PageRequest.of(pageable.getPageNumber(), pageable.getPageSize(), Sort.by(defaultProperty));
    }
}
