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

        LoginI18n i18n = LoginI18n.createDefault();
        i18n.getForm().setTitle("Sign in");
        i18n.getErrorMessage().setTitle("Wrong user name or password");
        i18n.getErrorMessage().setMessage("Check them and try again. After repeated failures, ask a platform administrator.");
        form.setI18n(i18n);
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

    @Override
    public void beforeEnter(BeforeEnterEvent event) {
        var params = event.getLocation().getQueryParameters().getParameters();
        form.setError(params.containsKey("error"));
        if (params.containsKey("sso-error")) {
            ssoError.setText("Single sign-on did not complete. Try again, or ask a platform administrator.");
            ssoError.setVisible(true);
        }
    }
}
