package io.esteira.identity.ui;

import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.html.Anchor;
import com.vaadin.flow.component.icon.VaadinIcon;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.H1;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.login.LoginForm;
import com.vaadin.flow.component.login.LoginI18n;
import com.vaadin.flow.component.orderedlayout.FlexComponent;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.router.BeforeEnterEvent;
import com.vaadin.flow.router.BeforeEnterObserver;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import com.vaadin.flow.server.auth.AnonymousAllowed;
import com.vaadin.flow.theme.lumo.LumoUtility;
import io.esteira.identity.SsoSignInRefused;
import io.esteira.identity.security.IdentityProperties;

/** The sign-in page: local accounts through Vaadin's login form, and "Sign in with SSO" when configured. */
@Route(value = "login", autoLayout = false)
@PageTitle("Sign in · Esteira")
@AnonymousAllowed
public class LoginView extends VerticalLayout implements BeforeEnterObserver {

    private final LoginForm form = new LoginForm();
    private final Div ssoError = new Div();

    public LoginView(IdentityProperties identity) {
        addClassName("login-page");
        setSizeFull();
        setAlignItems(FlexComponent.Alignment.CENTER);
        setJustifyContentMode(FlexComponent.JustifyContentMode.CENTER);

        H1 title = new H1("Esteira");
        title.addClassNames(LumoUtility.TextColor.PRIMARY, LumoUtility.Margin.Bottom.NONE);
        Paragraph tagline = new Paragraph("From data to production, in one portal.");
        tagline.addClassNames(LumoUtility.TextColor.SECONDARY, LumoUtility.Margin.Top.NONE);

        form.setI18n(i18n("Wrong user name or password",
                "Check them and try again. After repeated failures, sign-in is refused for a while."));
        form.setAction("login");
        form.setForgotPasswordButtonVisible(false);
        form.setId("login-form");
        add(title, tagline, form);

        ssoError.setId("sso-error");
        ssoError.setVisible(false);
        ssoError.addClassNames(LumoUtility.TextColor.ERROR);
        add(ssoError);

        if (identity.ssoEnabled()) {
            Button button = new Button("Sign in with SSO", VaadinIcon.SIGN_IN.create());
            button.setWidth("20rem");
            button.setTabIndex(-1);
            Anchor sso = new Anchor("/oauth2/authorization/sso", button);
            sso.setRouterIgnore(true);
            sso.setId("sso-sign-in");
            Span or = new Span("or");
            or.addClassNames(LumoUtility.TextColor.SECONDARY);
            add(or, sso);
        }
    }

    private static LoginI18n i18n(String errorTitle, String errorMessage) {
        LoginI18n i18n = LoginI18n.createDefault();
        i18n.getForm().setTitle("Sign in");
        i18n.getErrorMessage().setTitle(errorTitle);
        i18n.getErrorMessage().setMessage(errorMessage);
        return i18n;
    }

    /** "15 minutes", "1 minute", "40 seconds": what a person reads. */
    static String inWords(long seconds) {
        if (seconds < 60) {
            return seconds == 1 ? "1 second" : seconds + " seconds";
        }
        long minutes = (seconds + 59) / 60;
        return minutes == 1 ? "1 minute" : minutes + " minutes";
    }

    @Override
    public void beforeEnter(BeforeEnterEvent event) {
        var params = event.getLocation().getQueryParameters().getParameters();
        String retryIn = params.getOrDefault("retry-in", java.util.List.of("")).getFirst();
        if (params.containsKey("error") && retryIn.matches("[0-9]{1,7}")) {
            // the same for every name typed, whether or not it is an account
            form.setI18n(i18n("Too many failed attempts", "Try again in " + inWords(Long.parseLong(retryIn))
                    + ". If it was not you, tell a platform administrator."));
        } else if (params.containsKey("expired")) {
            form.setI18n(i18n("The sign-in page had expired", "Sign in again."));
        }
        form.setError(params.containsKey("error") || params.containsKey("expired"));
        if (params.containsKey("sso-error")) {
            // only a known code is read from the address: the page never echoes what it carries
            ssoError.setText(SsoSignInRefused.Reason.ofCode(params.get("sso-error").getFirst()).advice());
            ssoError.setVisible(true);
        }
    }
}
