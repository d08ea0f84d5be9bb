package io.esteira.shared.ui;

import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.data.renderer.LitRenderer;
import io.esteira.shared.Formats;
import io.esteira.shared.security.UserDirectory;
import io.esteira.shared.security.UserDirectory.Person;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;

/**
 * The people a screen shows, by display name with the user name on hover ({@link PersonName}),
 * looked up in one call per page of rows, never one by one. A lazy grid learns each page's people in
 * its fetch callback ({@code query -> people.knowing(service.page(...), Row::by).stream()}) and
 * renders them with {@link #renderer}; a page of one object calls {@link #know} once with everyone
 * it names. Whom the directory does not know (the system, a deleted user) shows as written.
 */
public final class People {

    private final UserDirectory directory;
    private final Map<String, Person> byUsername = new HashMap<>();
    private final Map<UUID, Person> byId = new HashMap<>();
    private final Set<String> askedNames = new HashSet<>();
    private final Set<UUID> askedIds = new HashSet<>();

    public People(UserDirectory directory) {
        this.directory = directory;
    }

    /** Looks up, in one call, those of these user names not looked up before. */
    public People know(Collection<String> usernames) {
        List<String> fresh = usernames.stream().filter(n -> n != null && !n.isBlank() && !askedNames.contains(n)).distinct().toList();
        if (!fresh.isEmpty()) {
            askedNames.addAll(fresh);
            directory.findAllByUsername(fresh).values().forEach(this::remember);
        }
        return this;
    }

    /** Looks up, in one call, those of these ids not looked up before. */
    public People knowIds(Collection<UUID> ids) {
        List<UUID> fresh = ids.stream().filter(Objects::nonNull).filter(id -> !askedIds.contains(id)).distinct().toList();
        if (!fresh.isEmpty()) {
            askedIds.addAll(fresh);
            directory.findAll(fresh).values().forEach(this::remember);
        }
        return this;
    }

    /** Learns the people of a page of rows (one call) and hands the rows on, for a grid's fetch callback. */
    @SafeVarargs
    public final <T> List<T> knowing(List<T> rows, Function<T, String>... usernames) {
        know(rows.stream().flatMap(r -> java.util.Arrays.stream(usernames).map(u -> u.apply(r))).toList());
        return rows;
    }

    /** As {@link #knowing}, for rows that name people by id. */
    public <T> List<T> knowingIds(List<T> rows, Function<T, UUID> id) {
        knowIds(rows.stream().map(id).toList());
        return rows;
    }

    /** The display name of the person with this user name, or the user name when they are not known. */
    public String name(String username) {
        Person p = username == null ? null : byUsername.get(username);
        return Formats.person(p == null ? null : p.displayName(), username);
    }

    /** The person with this id by display name, or {@code fallback} (e.g. the name stored with the row) when not known. */
    public String name(UUID id, String fallback) {
        Person p = id == null ? null : byId.get(id);
        return p == null ? Formats.person(fallback, null) : Formats.person(p.displayName(), p.username());
    }

    /** The user name of the person with this id, or null when not known. */
    public String username(UUID id) {
        Person p = id == null ? null : byId.get(id);
        return p == null ? null : p.username();
    }

    /**
     * Who acted, as records write it ({@code ds.credit}, {@code ds.credit (token ci)}, {@code system}), by display
     * name; looks the person up when not known yet, so a page naming a few people may call it for each (a grid
     * learns its page first).
     */
    public String actor(String actor) {
        Actor a = Actor.of(actor);
        know(java.util.Collections.singleton(a.username()));
        return a.shown(this);
    }

    /** {@link #actor(String)} with the user name on hover (for a person the directory knows). */
    public Span actorSpan(String actor) {
        Span span = new Span(actor(actor));
        String username = Actor.of(actor).username();
        if (username != null && byUsername.containsKey(username)) {
            span.getElement().setAttribute("title", username);
            span.getElement().setAttribute("data-username", username);
        }
        return span;
    }

    public Span span(String username) {
        Person p = username == null ? null : byUsername.get(username);
        return PersonName.of(p == null ? null : p.displayName(), username);
    }

    public Span span(UUID id, String fallback) {
        return PersonName.of(name(id, fallback), username(id));
    }

    /** A grid column's person, by user name: the display name, the user name on hover. */
    public <T> LitRenderer<T> renderer(Function<T, String> username) {
        return renderer(r -> name(username.apply(r)), username);
    }

    /** A grid column's person, by id, with {@code fallback} for people the directory does not know. */
    public <T> LitRenderer<T> rendererById(Function<T, UUID> id, Function<T, String> fallback) {
        return renderer(r -> name(id.apply(r), fallback.apply(r)), r -> username(id.apply(r)));
    }

    /** Any text with a user name on hover (e.g. an actor with the token they used). */
    public static <T> LitRenderer<T> renderer(Function<T, String> text, Function<T, String> username) {
        return LitRenderer.<T>of("<span title=\"${item.username}\" data-username=\"${item.username}\">${item.name}</span>")
                .withProperty("name", text::apply)
                .withProperty("username", r -> Objects.requireNonNullElse(username.apply(r), ""));
    }

    private void remember(Person p) {
        byUsername.put(p.username(), p);
        byId.put(p.id(), p);
    }
}
