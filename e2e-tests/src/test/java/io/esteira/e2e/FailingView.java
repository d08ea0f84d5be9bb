package io.esteira.e2e;

import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.router.Route;
import jakarta.annotation.security.PermitAll;

/** A page that only exists in the browser tests, to show what people see when something breaks. */
@Route("e2e/failure")
@PermitAll
public class FailingView extends Div {

    public FailingView() {
        throw new IllegalStateException("Deliberate failure for the error page test");
    }
}
