package io.esteira.shared.ui;

import static org.assertj.core.api.Assertions.assertThat;

import io.esteira.shared.Formats;
import io.esteira.shared.security.Role;
import io.esteira.shared.security.UserDirectory;
import io.esteira.shared.security.UserDirectory.Person;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class PeopleTest {

    static final Person ANA = new Person(UUID.randomUUID(), "ds.credit", "Ana Souza", true, null);
    static final Person BRUNO = new Person(UUID.randomUUID(), "ds.fraud", "Bruno Costa", true, null);
    static final Person NAMELESS = new Person(UUID.randomUUID(), "ci.pipeline", " ", true, null);

    /** Counts the calls: a page of rows is one call, whatever its size. */
    static final class Directory implements UserDirectory {
        final List<List<Object>> calls = new ArrayList<>();
        final List<Person> everyone = List.of(ANA, BRUNO, NAMELESS);

        @Override
        public Map<UUID, Person> findAll(Collection<UUID> ids) {
            calls.add(List.<Object>copyOf(ids));
            return everyone.stream().filter(p -> ids.contains(p.id())).collect(Collectors.toMap(Person::id, Function.identity()));
        }

        @Override
        public Map<String, Person> findAllByUsername(Collection<String> usernames) {
            calls.add(List.<Object>copyOf(usernames));
            return everyone.stream().filter(p -> usernames.contains(p.username()))
                    .collect(Collectors.toMap(Person::username, Function.identity()));
        }

        @Override
        public Optional<Person> find(UUID userId) {
            throw new AssertionError("one by one");
        }

        @Override
        public Optional<Person> findByUsername(String username) {
            throw new AssertionError("one by one");
        }

        @Override
        public List<Person> search(String text, int limit) {
            return List.of();
        }

        @Override
        public List<Person> withRole(Role role) {
            return List.of();
        }
    }

    record Row(String by, String checkedBy) {
    }

    final Directory directory = new Directory();
    final People people = new People(directory);

    @Test
    void a_page_of_rows_is_looked_up_in_one_call_and_each_person_once() {
        List<Row> page = List.of(new Row("ds.credit", "ds.fraud"), new Row("ds.credit", null), new Row("system", "ds.credit"));

        assertThat(people.knowing(page, Row::by, Row::checkedBy)).isSameAs(page);
        people.knowing(page, Row::by, Row::checkedBy);

        assertThat(directory.calls).hasSize(1);
        assertThat(directory.calls.getFirst()).containsExactlyInAnyOrder((Object) "ds.credit", "ds.fraud", "system");
        assertThat(people.name("ds.credit")).isEqualTo("Ana Souza");
        assertThat(people.name("ds.fraud")).isEqualTo("Bruno Costa");
    }

    @Test
    void whom_the_directory_does_not_know_shows_as_written() {
        people.know(Arrays.asList("system", null, ""));

        assertThat(people.name("system")).isEqualTo("system");
        assertThat(people.name((String) null)).isEqualTo(Formats.NONE);
        assertThat(people.name(UUID.randomUUID(), "Stored Name")).isEqualTo("Stored Name");
        assertThat(people.username(UUID.randomUUID())).isNull();
    }

    @Test
    void a_person_without_a_display_name_shows_by_user_name() {
        people.know(List.of("ci.pipeline"));

        assertThat(people.name("ci.pipeline")).isEqualTo("ci.pipeline");
    }

    @Test
    void rows_naming_people_by_id_show_the_current_name_with_the_user_name() {
        people.knowingIds(List.of(ANA.id(), BRUNO.id(), ANA.id()), Function.identity());
        people.knowIds(List.of(ANA.id()));

        assertThat(directory.calls).hasSize(1);
        assertThat(people.name(BRUNO.id(), "Bruno (old name)")).isEqualTo("Bruno Costa");
        assertThat(people.username(BRUNO.id())).isEqualTo("ds.fraud");
        assertThat(people.name("ds.fraud")).as("known by name as well").isEqualTo("Bruno Costa");
    }

    @Test
    void nothing_new_asks_nothing() {
        people.know(List.of());
        people.knowIds(List.of());

        assertThat(directory.calls).isEmpty();
    }

    @Test
    void a_span_carries_the_user_name_on_hover() {
        people.know(List.of("ds.credit"));

        var span = people.span("ds.credit");
        assertThat(span.getText()).isEqualTo("Ana Souza");
        assertThat(span.getElement().getAttribute("title")).isEqualTo("ds.credit");
    }
}
