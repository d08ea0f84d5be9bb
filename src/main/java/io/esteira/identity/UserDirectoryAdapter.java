package io.esteira.identity;

import io.esteira.identity.domain.User;
import io.esteira.identity.domain.Users;
import io.esteira.shared.security.UserDirectory;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.data.domain.PageRequest;
import org.springframework.data.domain.Sort;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

@Component
@Transactional(readOnly = true)
class UserDirectoryAdapter implements UserDirectory {

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
