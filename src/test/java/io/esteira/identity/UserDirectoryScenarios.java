package io.esteira.identity;

import static io.esteira.support.Personas.ADMIN;
import static io.esteira.support.Personas.DS_CREDIT;
import static io.esteira.support.Personas.DS_FRAUD;
import static io.esteira.support.Personas.REVIEWER_RISK;
import static org.assertj.core.api.Assertions.assertThat;

import io.esteira.shared.security.UserDirectory;
import io.esteira.shared.security.UserDirectory.Person;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** Screens look the people of a page up at once: by id or by user name, whatever the number. */
abstract class UserDirectoryScenarios {

    @Autowired
    UserDirectory directory;

    @Test
    void finds_people_by_id_and_leaves_out_ids_of_nobody() {
        Person credit = person(DS_CREDIT);
        Person fraud = person(DS_FRAUD);
        UUID nobody = UUID.randomUUID();

        Map<UUID, Person> found = directory.findAll(List.of(credit.id(), fraud.id(), nobody, credit.id()));

        assertThat(found).containsOnlyKeys(credit.id(), fraud.id());
        assertThat(found.get(credit.id())).isEqualTo(credit);
        assertThat(found.get(fraud.id()).displayName()).isEqualTo(fraud.displayName());
    }

    @Test
    void finds_people_by_user_name_and_leaves_out_names_of_nobody() {
        Map<String, Person> found = directory.findAllByUsername(Arrays.asList(DS_CREDIT, REVIEWER_RISK, "system", "nobody.here", null));

        assertThat(found).containsOnlyKeys(DS_CREDIT, REVIEWER_RISK);
        assertThat(found.get(REVIEWER_RISK)).isEqualTo(person(REVIEWER_RISK));
    }

    @Test
    void nothing_asked_nothing_found() {
        assertThat(directory.findAll(List.of())).isEmpty();
        assertThat(directory.findAllByUsername(List.of())).isEmpty();
    }

    @Test
    void more_people_than_one_query_takes_are_all_found() {
        Person credit = person(DS_CREDIT);
        Person admin = person(ADMIN);
        List<UUID> ids = new ArrayList<>(IntStream.range(0, 1_100).mapToObj(i -> UUID.randomUUID()).toList());
        ids.add(0, credit.id());
        ids.add(admin.id()); // in the third chunk

        assertThat(directory.findAll(ids)).containsOnlyKeys(credit.id(), admin.id());

        List<String> names = new ArrayList<>(IntStream.range(0, 1_100).mapToObj(i -> "nobody." + i).toList());
        names.add(DS_CREDIT);
        names.add(600, ADMIN);
        assertThat(directory.findAllByUsername(names)).containsOnlyKeys(DS_CREDIT, ADMIN);
    }

    private Person person(String username) {
        return directory.findByUsername(username).orElseThrow();
    }
}
