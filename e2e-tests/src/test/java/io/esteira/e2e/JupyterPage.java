package io.esteira.e2e;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;

import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.assertions.LocatorAssertions;

/** A Jupyter Notebook 6 page served through the portal at {@code /workspaces/{id}/lab/}. */
class JupyterPage {

    private final Page page;
    private final String base;

    JupyterPage(Page page, String base) {
        this.page = page;
        this.base = base;
    }

    Page page() {
        return page;
    }

    /** The file browser of the notebook's files. */
    JupyterPage awaitTree() {
        assertThat(page.locator("#notebook_list")).isVisible(new LocatorAssertions.IsVisibleOptions().setTimeout(30_000));
        return this;
    }

    /**
     * Makes a new notebook as Jupyter's "New" menu does (its contents API, from the page, with Jupyter's
     * XSRF cookie) and opens it, waiting until its kernel is idle: the kernel talks over a WebSocket.
     */
    JupyterPage newNotebook() {
        String name = (String) page.evaluate("""
                async (base) => {
                  const xsrf = (document.cookie.match(/(?:^|; )_xsrf=([^;]*)/) || [])[1] || '';
                  const r = await fetch(base + 'api/contents', {method: 'POST',
                      headers: {'Content-Type': 'application/json', 'X-XSRFToken': decodeURIComponent(xsrf)},
                      body: JSON.stringify({type: 'notebook'})});
                  if (r.status !== 201) { throw new Error('contents answered ' + r.status); }
                  return (await r.json()).path;
                }""", base);
        page.navigate(base + "notebooks/" + name);
        assertThat(page.locator("#kernel_indicator_icon.kernel_idle_icon"))
                .isAttached(new LocatorAssertions.IsAttachedOptions().setTimeout(60_000));
        return this;
    }

    /** Types code into the last cell and runs it (Shift+Enter); returns that cell's output. */
    Locator run(String code) {
        // by position: Shift+Enter adds a new last cell
        Locator cells = page.locator(".cell.code_cell");
        Locator cell = cells.nth(cells.count() - 1);
        cell.locator(".CodeMirror").click();
        page.keyboard().type(code);
        page.keyboard().press("Shift+Enter");
        return cell.locator(".output_area");
    }
}
