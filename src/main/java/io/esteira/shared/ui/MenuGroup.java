package io.esteira.shared.ui;

/**
 * The side navigation's groups. A view's {@code @Menu(order = …)} places it: the hundreds digit
 * picks the group, the rest orders it within.
 */
public enum MenuGroup {
    WORK("Work", 0), GOVERNANCE("Governance", 100), ADMINISTRATION("Administration", 200), SETTINGS("Settings", 300);

    private final String label;
    private final int base;

    MenuGroup(String label, int base) {
        this.label = label;
        this.base = base;
    }

    public String label() {
        return label;
    }

    public static MenuGroup of(double order) {
        MenuGroup group = WORK;
        for (MenuGroup g : values()) {
            if (order >= g.base) {
                group = g;
            }
        }
        return group;
    }
}
