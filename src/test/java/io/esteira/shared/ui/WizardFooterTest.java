package io.esteira.shared.ui;

import static org.assertj.core.api.Assertions.assertThat;

import com.vaadin.flow.component.UI;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.formlayout.FormLayout;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.textfield.TextField;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The buttons of each step, steps that open clean, and a finishing action that waits for its background work. */
class WizardFooterTest {

    private final Div content = new Div();
    private final Button finish = new Button("Register");
    private final List<Integer> shown = new ArrayList<>();
    private final List<String> finished = new ArrayList<>();
    private boolean valid = true;
    private final WizardFooter footer = new WizardFooter("fg", 3, content, finish, step -> valid, this::go, () -> { }, () -> finished.add("done"));

    @AfterEach
    void noUi() {
        UI.setCurrent(null);
    }

    private void go(int step) {
        shown.add(step);
        footer.at(step);
    }

    private Button button(String id) {
        return (Button) footer.getChildren().filter(c -> c.getId().orElse("").equals(id)).findFirst().orElseThrow();
    }

    @Test
    void no_back_on_the_first_step_and_the_finishing_action_only_on_the_last() {
        footer.at(0);
        assertThat(button("fg-back").isEnabled()).isFalse();
        assertThat(button("fg-next").isVisible()).isTrue();
        assertThat(finish.isVisible()).isFalse();
        button("fg-next").click();
        button("fg-next").click();
        assertThat(shown).containsExactly(1, 2);
        assertThat(button("fg-back").isEnabled()).isTrue();
        assertThat(button("fg-next").isVisible()).isFalse();
        assertThat(finish.isVisible()).isTrue();
        assertThat(button("fg-cancel").getText()).isEqualTo("Cancel");
    }

    @Test
    void next_stays_on_a_step_that_is_not_valid() {
        footer.at(0);
        valid = false;
        button("fg-next").click();
        assertThat(shown).isEmpty();
    }

    @Test
    void a_step_opens_without_red_fields_even_deep_in_its_layout() {
        TextField name = new TextField("Name");
        name.setErrorMessage("A name is required");
        name.setInvalid(true); // e.g. validated ahead of time, or left on an earlier visit
        content.add(new FormLayout(name));
        footer.at(1);
        assertThat(name.isInvalid()).isFalse();
    }

    @Test
    void the_finishing_action_is_enabled_again_when_it_was_refused_or_done() {
        footer.at(2);
        finish.click();
        assertThat(finished).containsExactly("done");
        assertThat(finish.isEnabled()).isTrue();
    }

    @Test
    void the_buttons_wait_while_background_work_runs_and_come_back_when_it_is_cancelled() {
        UI.setCurrent(new UI());
        BackgroundWork work = new BackgroundWork("fg-registering");
        footer.waitsFor(work);
        footer.at(2);
        CountDownLatch release = new CountDownLatch(1);
        try {
            work.start("Registering", progress -> {
                try {
                    release.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return "x";
            }, result -> { }, failure -> { });
            assertThat(finish.isEnabled()).isFalse();
            assertThat(button("fg-back").isEnabled()).isFalse();
            assertThat(button("fg-cancel").isEnabled()).isTrue();
            work.cancel();
            assertThat(finish.isEnabled()).isTrue();
            assertThat(button("fg-back").isEnabled()).isTrue();
        } finally {
            release.countDown();
        }
    }

    @Test
    void work_removed_from_the_page_while_it_runs_leaves_no_button_disabled() {
        UI ui = new UI();
        UI.setCurrent(ui);
        BackgroundWork work = new BackgroundWork("fg-listing");
        Button starter = new Button("Preview");
        work.disabling(starter);
        footer.waitsFor(work);
        footer.at(0);
        ui.add(work); // e.g. a step that the wizard rebuilds
        CountDownLatch release = new CountDownLatch(1);
        try {
            work.start("Listing the tables", progress -> {
                try {
                    release.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return "x";
            }, result -> { }, failure -> { });
            assertThat(starter.isEnabled()).isFalse();
            assertThat(button("fg-next").isEnabled()).isFalse();
            ui.remove(work);
            assertThat(work.isRunning()).isFalse();
            assertThat(starter.isEnabled()).isTrue();
            assertThat(button("fg-next").isEnabled()).isTrue();
        } finally {
            release.countDown();
        }
    }
}
