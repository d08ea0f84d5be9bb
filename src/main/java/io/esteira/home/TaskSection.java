package io.esteira.home;

import com.vaadin.flow.component.html.Anchor;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.html.ListItem;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.html.UnorderedList;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.theme.lumo.LumoUtility;
import io.esteira.shared.Formats;
import io.esteira.shared.ui.HomeTasks;

/** One module's tasks on home: a heading with their count, the first few as links, and the way to all of them. */
class TaskSection extends VerticalLayout {

    TaskSection(HomeTasks.Section section) {
        setId(section.id());
        setPadding(false);
        setSpacing(false);
        H2 heading = new H2(section.heading());
        heading.addClassNames(LumoUtility.FontSize.LARGE, LumoUtility.Margin.NONE);
        HorizontalLayout head = new HorizontalLayout(heading);
        head.setAlignItems(Alignment.BASELINE);
        head.addClassNames(LumoUtility.Margin.Bottom.SMALL);
        if (section.total() > 0) {
            Span count = new Span(Formats.count(section.total()));
            count.setId(section.id() + "-count");
            count.getElement().getThemeList().add("badge pill");
            head.add(count);
        }
        add(head);
        if (section.tasks().isEmpty()) {
            Paragraph empty = new Paragraph(section.empty());
            empty.addClassNames(LumoUtility.TextColor.SECONDARY, LumoUtility.Margin.Vertical.XSMALL);
            empty.addClassName("task-empty");
            add(empty);
        } else {
            UnorderedList list = new UnorderedList();
            list.addClassNames(LumoUtility.ListStyleType.NONE, LumoUtility.Padding.NONE, LumoUtility.Margin.NONE, LumoUtility.Width.FULL);
            section.tasks().forEach(task -> list.add(item(task)));
            add(list);
        }
        String more = section.total() > section.tasks().size() ? " (" + Formats.count(section.total() - section.tasks().size()) + " more)" : "";
        Anchor all = new Anchor(section.allLink(), section.allText() + more);
        all.addClassNames(LumoUtility.FontSize.SMALL, LumoUtility.Margin.Top.XSMALL);
        add(all);
    }

    private static ListItem item(HomeTasks.Task task) {
        Anchor title = new Anchor(task.link(), task.title());
        title.addClassNames(LumoUtility.FontWeight.SEMIBOLD);
        title.getStyle().set("overflow-wrap", "anywhere");
        Div first = new Div(title);
        first.addClassNames(LumoUtility.Display.FLEX, LumoUtility.Gap.SMALL, LumoUtility.AlignItems.BASELINE, LumoUtility.FlexWrap.WRAP);
        if (!task.badge().isBlank()) {
            Span badge = new Span(task.badge());
            badge.getElement().getThemeList().add("badge small " + task.tone());
            first.add(badge);
        }
        Span detail = new Span(task.detail());
        detail.addClassNames(LumoUtility.FontSize.SMALL, LumoUtility.TextColor.SECONDARY, LumoUtility.Display.BLOCK);
        detail.getStyle().set("overflow-wrap", "anywhere");
        ListItem item = new ListItem(first, detail);
        item.addClassNames("home-task", LumoUtility.Padding.Vertical.XSMALL, LumoUtility.Border.BOTTOM, LumoUtility.BorderColor.CONTRAST_10);
        return item;
    }
}
