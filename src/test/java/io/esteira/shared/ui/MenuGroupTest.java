package io.esteira.shared.ui;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** A view's menu order picks its group by the hundreds digit. */
class MenuGroupTest {

    @ParameterizedTest(name = "order {0} is in {1}")
    @CsvSource({
            "0, WORK", "10, WORK", "99.5, WORK",
            "100, GOVERNANCE", "150, GOVERNANCE", "199.9, GOVERNANCE",
            "200, ADMINISTRATION", "250, ADMINISTRATION",
            "300, SETTINGS", "310, SETTINGS", "1000, SETTINGS",
            "-5, WORK"})
    void the_hundreds_digit_of_the_order_picks_the_group(double order, MenuGroup group) {
        assertThat(MenuGroup.of(order)).isEqualTo(group);
    }

    @ParameterizedTest
    @CsvSource({"WORK, Work", "GOVERNANCE, Governance", "ADMINISTRATION, Administration", "SETTINGS, Settings"})
    void each_group_has_a_label_for_people(MenuGroup group, String label) {
        assertThat(group.label()).isEqualTo(label);
    }
}
