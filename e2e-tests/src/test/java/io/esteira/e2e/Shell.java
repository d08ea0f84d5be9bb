package io.esteira.e2e;

import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import java.util.List;

/** The portal's frame around every signed-in page: header and side navigation. */
class Shell {

    private final Page page;

    Shell(Page page) {
        this.page = page;
    }

    Shell waitUntilReady() {
        page.locator("#sign-out").waitFor();
        return this;
    }

    /** The menu's entries by name, without the counts some show beside them (e.g. Approvals' requests awaiting review). */
    List<String> menu() {
        page.locator("#side-nav vaadin-side-nav-item").first().waitFor();
        return page.locator("#side-nav vaadin-side-nav-item").allInnerTexts().stream()
                .map(text -> text.strip().replaceFirst("\\s+\\d+$", "")).toList();
    }

    Locator userName() {
        return page.locator("#current-user");
    }

    Locator areaSwitcher() {
        return page.locator("#area-switcher");
    }

    void chooseArea(String name) {
        areaSwitcher().click();
        page.locator("vaadin-select-item").filter(new Locator.FilterOptions().setHasText(name)).click();
    }

    void signOut() {
        page.locator("#sign-out").click();
        page.waitForURL(url -> url.contains("/login"));
    }

    Page page() {
        return page;
    }
}
