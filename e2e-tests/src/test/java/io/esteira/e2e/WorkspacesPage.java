package io.esteira.e2e;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;

import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.assertions.LocatorAssertions;

/** The list of workspaces and the "New workspace" wizard, for tests that need a running notebook. */
class WorkspacesPage {

    static final double STARTUP = 90_000;

    private final Page page;

    WorkspacesPage(Page page) {
        this.page = page;
    }

    WorkspacesPage open() {
        page.navigate("/workspaces");
        assertThat(page.locator("#workspaces-grid")).isVisible();
        return this;
    }

    /** Requests a workspace of the local template, size XS, through the wizard, and waits until it runs. */
    WorkspacesPage requestRunning(String name) {
        page.navigate("/workspaces/new");
        page.locator("#wizard-template vaadin-radio-button").filter(new Locator.FilterOptions().setHasText("Jupyter on the portal")).click();
        page.locator("#wizard-next").click();
        page.locator("#wizard-size vaadin-radio-button").filter(new Locator.FilterOptions().setHasText("XS ·")).click();
        page.locator("#wizard-next").click();
        page.locator("#wizard-name input").fill(name);
        page.locator("#wizard-next").click();
        assertThat(page.locator("#wizard-review")).containsText(name);
        page.locator("#wizard-submit").click();
        page.waitForURL("**/workspaces");
        assertThat(openLink(name)).isVisible(new LocatorAssertions.IsVisibleOptions().setTimeout(STARTUP));
        return this;
    }

    Locator openLink(String name) {
        return page.getByLabel("Open " + name);
    }

    /** The portal's path of the workspace's notebook, as its Open link has it. */
    String notebookPath(String name) {
        return openLink(name).getAttribute("href");
    }

    /** Clicks Open: the notebook comes up in a new tab. */
    JupyterPage openNotebook(String name) {
        Page tab = page.context().waitForPage(() -> openLink(name).click());
        tab.waitForLoadState();
        return new JupyterPage(tab, notebookPath(name));
    }

    void delete(String name) {
        page.getByLabel("Delete " + name).click();
        page.getByRole(com.microsoft.playwright.options.AriaRole.BUTTON,
                new Page.GetByRoleOptions().setName("Delete").setExact(true)).click();
    }
}
