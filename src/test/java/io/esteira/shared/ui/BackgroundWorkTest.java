package io.esteira.shared.ui;

import static org.assertj.core.api.Assertions.assertThat;

import io.esteira.shared.ForbiddenException;
import io.esteira.shared.InvalidRequestException;
import org.junit.jupiter.api.Test;
import org.springframework.security.access.AccessDeniedException;

/** What a page shows when its long work fails: the refusal as it was, anything else as a reference to the log. */
class BackgroundWorkTest {

    @Test
    void a_refusal_reaches_the_page_as_it_was_said() {
        InvalidRequestException refused = new InvalidRequestException("sql", "Table bank.x does not exist at line 1, column 15");
        assertThat(BackgroundWork.inWords(refused)).isSameAs(refused);
    }

    @Test
    void an_unexpected_failure_is_a_reference_without_its_internals() {
        RuntimeException told = BackgroundWork.inWords(new IllegalStateException("org.h2.jdbc.JdbcSQLNonTransientException: General error [50000-240]"));
        assertThat(told.getMessage()).startsWith("Something went wrong; nothing was changed. Reference: ").doesNotContain("h2", "50000");
    }

    @Test
    void a_denial_of_the_security_layer_is_told_plainly() {
        assertThat(BackgroundWork.inWords(new AccessDeniedException("Access Denied for method x.y.Z")))
                .isInstanceOf(ForbiddenException.class).hasMessage("You are not allowed to do this.");
    }

    @Test
    void the_progress_line_is_hidden_until_work_starts_and_names_its_parts() {
        BackgroundWork work = new BackgroundWork("fg-previewing");
        assertThat(work.isVisible()).isFalse();
        assertThat(work.isRunning()).isFalse();
        assertThat(work.getChildren().map(c -> c.getId().orElse("")).toList()).contains("fg-previewing-status", "fg-previewing-cancel");
    }
}
