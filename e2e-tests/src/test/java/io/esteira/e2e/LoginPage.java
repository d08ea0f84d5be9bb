package io.esteira.e2e;

import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;

/** The sign-in page. */
class LoginPage {

    private final Page page;

    LoginPage(Page page) {
        this.page = page;
    }

    LoginPage open() {
        page.navigate("/login");
        page.locator("input[name=username]").waitFor();
        return this;
    }

    Shell signIn(String username, String password) {
        submit(username, password);
        page.waitForURL(url -> !url.contains("/login"));
        return new Shell(page).waitUntilReady();
    }

    LoginPage signInExpectingError(String username, String password) {
        submit(username, password);
        page.waitForURL(url -> url.contains("error"));
        return this;
    }

    private void submit(String username, String password) {
        page.locator("input[name=username]").fill(username);
        page.locator("input[name=password]").fill(password);
        page.locator("input[name=password]").press("Enter");
    }

    Locator errorMessage() {
        return page.getByText("Wrong user name or password").first();
    }

    /** What a locked (or waiting) name or address is told, with how long. */
    Locator tooManyAttempts() {
        return page.getByText("Too many failed attempts").first();
    }

    Locator ssoButton() {
        return page.locator("#sso-sign-in");
    }
}
