package io.esteira.shared;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class PagingTest {

    private static final Set<String> SORTABLE = Set.of("name", "createdAt");

    @Test
    void paging_within_bounds_by_an_allowed_property_passes() {
        assertThatCode(() -> Paging.check("0", "1", List.of("name", "createdAt,desc", "name,ASC"), SORTABLE)).doesNotThrowAnyException();
        assertThatCode(() -> Paging.check(null, null, List.of(), SORTABLE)).doesNotThrowAnyException();
        assertThatCode(() -> Paging.check(String.valueOf(Paging.MAX_PAGE), String.valueOf(Paging.MAX_SIZE), null, SORTABLE))
                .doesNotThrowAnyException();
    }

    @Test
    void a_negative_huge_or_malformed_page_is_refused() {
        for (String page : List.of("-1", "2147483647", "99999999999", "abc", "1.5", String.valueOf(Paging.MAX_PAGE + 1))) {
            assertThatThrownBy(() -> Paging.check(page, null, List.of(), SORTABLE)).as(page)
                    .isInstanceOfSatisfying(InvalidRequestException.class, e -> org.assertj.core.api.Assertions
                            .assertThat(e.fieldErrors()).containsOnlyKeys("page"));
        }
    }

    @Test
    void a_size_of_zero_negative_or_above_the_maximum_is_refused() {
        for (String size : List.of("0", "-5", "100000", "501", "x")) {
            assertThatThrownBy(() -> Paging.check(null, size, List.of(), SORTABLE)).as(size)
                    .isInstanceOfSatisfying(InvalidRequestException.class, e -> org.assertj.core.api.Assertions
                            .assertThat(e.fieldErrors()).containsOnlyKeys("size"));
        }
    }

    @Test
    void sorting_by_an_unknown_or_hidden_property_or_a_strange_direction_is_refused() {
        for (String sort : List.of("unknown,desc", "passwordHash", "passwordHash,asc", "name,sideways", "name;drop table x",
                ",", "name,asc,extra", "areaId")) {
            assertThatThrownBy(() -> Paging.check(null, null, List.of(sort), SORTABLE)).as(sort)
                    .isInstanceOfSatisfying(InvalidRequestException.class, e -> org.assertj.core.api.Assertions
                            .assertThat(e.fieldErrors()).containsOnlyKeys("sort"));
        }
    }

    @Test
    void a_list_without_sortable_properties_cannot_be_sorted() {
        assertThatThrownBy(() -> Paging.check(null, null, List.of("name"), Set.of())).isInstanceOf(InvalidRequestException.class);
    }

    @Test
    void the_refusal_echoes_no_property_the_caller_did_not_send_other_than_the_allowed_ones() {
        assertThatThrownBy(() -> Paging.check(null, null, List.of("passwordHash"), SORTABLE))
                .hasMessageContaining("createdAt, name").hasMessageNotContaining("passwordHash");
    }
}
