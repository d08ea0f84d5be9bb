package io.esteira.shared.security;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Looks people up by id or name, for modules that must show or pick users without depending on
 * identity (which implements it).
 */
public interface UserDirectory {

    Optional<Person> find(UUID userId);

    Optional<Person> findByUsername(String username);

    /**
     * The people with these ids, looked up at once (for a screen's page of rows, never one by one);
     * ids of nobody are missing from the answer.
     */
    Map<UUID, Person> findAll(Collection<UUID> ids);

    /** The people with these user names, looked up at once; names of nobody (e.g. "system") are missing from the answer. */
    Map<String, Person> findAllByUsername(Collection<String> usernames);

    List<Person> search(String text, int limit);

    /** The enabled people holding a platform-wide role (e.g. the governance reviewers to tell of an emergency change). */
    List<Person> withRole(Role role);

    /** {@code email} is null for people without an address (e.g. pipelines' service accounts). */
    record Person(UUID id, String username, String displayName, boolean enabled, String email) {
    }
}
