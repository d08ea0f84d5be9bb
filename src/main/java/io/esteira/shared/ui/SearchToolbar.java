package io.esteira.shared.ui;

import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.icon.VaadinIcon;
import com.vaadin.flow.component.orderedlayout.FlexComponent;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.textfield.TextField;
import com.vaadin.flow.data.value.ValueChangeMode;

/** The bar above a list: a search box that filters as one types, and the list's primary action. */
public class SearchToolbar extends HorizontalLayout {

    private final TextField search = new TextField();

    public SearchToolbar(String placeholder, Runnable onSearch, String actionText, String actionId, Runnable onAction) {
        search.setPlaceholder(placeholder);
        search.setAriaLabel(placeholder);
        search.setClearButtonVisible(true);
        search.setPrefixComponent(VaadinIcon.SEARCH.create());
        search.setValueChangeMode(ValueChangeMode.LAZY);
        search.addValueChangeListener(e -> onSearch.run());
        search.setId(actionId + "-search");
        Button action = new Button(actionText, VaadinIcon.PLUS.create(), e -> onAction.run());
        action.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        action.setId(actionId);
        add(search, action);
        setWidthFull();
        setFlexGrow(1, search);
        setDefaultVerticalComponentAlignment(FlexComponent.Alignment.BASELINE);
    }

    public String searchText() {
        return search.getValue();
    }
}
