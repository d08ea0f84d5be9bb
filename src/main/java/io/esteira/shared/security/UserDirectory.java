package io.esteira.shared.security;

import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Looks people up by id or name, for modules that must show or pick users without depending on
 * identity (which implements it).
 */
public interface UserDirectory {

    Optional<Person> find(UUID userId);

    Optional<Person> findByUsername(String username);

    List<Person> search(String text, int limit);

    /** The enabled people holding a platform-wide role (e.g. the governance reviewers to tell of an emergency change). */
    List<Person> withRole(Role role);

    /** {@code email} is null for people without an address (e.g. pipelines' service accounts). */
    record Person(UUID id, String username, String displayName, boolean enabled, String email) {
    }
}
