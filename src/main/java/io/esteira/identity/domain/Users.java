package io.esteira.identity.domain;

import io.esteira.shared.security.Role;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.data.domain.Page;
import org.springframework.data.domain.Pageable;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Query;

public interface Users extends JpaRepository<User, UUID> {

    Optional<User> findByUsername(String username);

    List<User> findByIdIn(Collection<UUID> ids);

    List<User> findByUsernameIn(Collection<String> usernames);

    Optional<User> findByExternalSubject(String subject);

    boolean existsByUsername(String username);

    @Query("select u from User u where lower(u.username) like lower(concat('%', :text, '%')) "
            + "or lower(u.displayName) like lower(concat('%', :text, '%'))")
    Page<User> search(String text, Pageable pageable);

    @Query("select count(u) > 0 from User u join u.roles r where r = :role and u.enabled = true")
    boolean existsEnabledWithRole(Role role);

    List<User> findByOrigin(Origin origin);

    @Query("select u from User u join u.roles r where r = :role and u.enabled = true order by u.username")
    List<User> findEnabledWithRole(Role role);
}
