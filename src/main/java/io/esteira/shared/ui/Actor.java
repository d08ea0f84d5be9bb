package io.esteira.shared.ui;

/**
 * Who acted, as the audit log and other records write it ({@code SignedInUser.actorName()}): a user
 * name, with the API token used when there was one ({@code ds.credit (token ci)}), or a name of no
 * person ("system").
 */
public record Actor(String username, String token) {

    private static final String TOKEN = " (token ";

    public static Actor of(String actor) {
        if (actor == null) {
            return new Actor(null, null);
        }
        int at = actor.indexOf(TOKEN);
        if (at <= 0 || !actor.endsWith(")")) {
            return new Actor(actor, null);
        }
        return new Actor(actor.substring(0, at), actor.substring(at + TOKEN.length(), actor.length() - 1));
    }

    /** The actor as people read it, from the name shown for the user name. */
    public String shown(String name) {
        return token == null ? name : name + TOKEN + token + ")";
    }

    /** The actor by display name, from people this screen has looked up. */
    public String shown(People people) {
        return shown(people.name(username));
    }
}
