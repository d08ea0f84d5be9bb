package io.esteira.shared.ui;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ActorTest {

    @Test
    void a_user_is_their_user_name() {
        assertThat(Actor.of("ds.credit")).isEqualTo(new Actor("ds.credit", null));
        assertThat(Actor.of("ds.credit").shown("Ana Costa")).isEqualTo("Ana Costa");
    }

    @Test
    void a_token_stays_beside_the_name() {
        Actor actor = Actor.of("ci.pipeline (token release (main))");
        assertThat(actor).isEqualTo(new Actor("ci.pipeline", "release (main)"));
        assertThat(actor.shown("CI pipeline")).isEqualTo("CI pipeline (token release (main))");
    }

    @Test
    void the_system_and_nobody_stay_as_written() {
        assertThat(Actor.of("system")).isEqualTo(new Actor("system", null));
        assertThat(Actor.of(null).username()).isNull();
        assertThat(Actor.of("(token x)")).isEqualTo(new Actor("(token x)", null));
    }
}
