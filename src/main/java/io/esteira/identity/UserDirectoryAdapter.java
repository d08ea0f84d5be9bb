package io.esteira.identity;

import io.esteira.identity.domain.User;
import io.esteira.identity.domain.Users;
import io.esteira.shared.security.UserDirectory;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;
import org.springframework.data.domain.PageRequest;
import org.springframework.data.domain.Sort;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

@Component
@Transactional(readOnly = true)
class UserDirectoryAdapter implements UserDirectory {

    static final int CHUNK = 500;

    private final Users users;

    UserDirectoryAdapter(Users users) {
        this.users = users;
    }

    @Override
    public Optional<Person> find(UUID userId) {
        return users.findById(userId).map(UserDirectoryAdapter::person);
    }

    @Override
    public Optional<Person> findByUsername(String username) {
        return users.findByUsername(username).map(UserDirectoryAdapter::person);
    }

    @Override
    public Map<UUID, Person> findAll(Collection<UUID> ids) {
        return inChunks(ids, users::findByIdIn, Person::id);
    }

    @Override
    public Map<String, Person> findAllByUsername(Collection<String> usernames) {
        return inChunks(usernames, users::findByUsernameIn, Person::username);
    }

    /** One query per 500 keys: an IN list has its limits (and PostgreSQL plans long ones badly). */
    private static <K> Map<K, Person> inChunks(Collection<K> keys, Function<List<K>, List<User>> query, Function<Person, K> key) {
        List<K> distinct = keys == null ? List.of() : keys.stream().filter(Objects::nonNull).distinct().toList();
        Map<K, Person> found = new HashMap<>();
        for (int from = 0; from < distinct.size(); from += CHUNK) {
            for (User u : query.apply(distinct.subList(from, Math.min(from + CHUNK, distinct.size())))) {
                Person p = person(u);
                found.put(key.apply(p), p);
            }
        }
        return found;
    }

    @Override
    public List<Person> search(String text, int limit) {
        return users.search(text == null ? "" : text.strip(), PageRequest.of(0, limit, Sort.by("username")))
                .map(UserDirectoryAdapter::person).getContent();
    }

    @Override
    public List<Person> withRole(io.esteira.shared.security.Role role) {
        return users.findEnabledWithRole(role).stream().map(UserDirectoryAdapter::person).toList();
    }

    private static Person person(User u) {
        return new Person(u.getId(), u.getUsername(), u.getDisplayName(), u.isEnabled(), u.getEmail());
    }
}
