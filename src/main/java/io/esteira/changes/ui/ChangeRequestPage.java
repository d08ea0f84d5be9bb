package io.esteira.changes.ui;

import com.vaadin.flow.component.Component;
import com.vaadin.flow.component.Text;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.checkbox.Checkbox;
import com.vaadin.flow.component.confirmdialog.ConfirmDialog;
import com.vaadin.flow.component.datetimepicker.DateTimePicker;
import com.vaadin.flow.component.dialog.Dialog;
import com.vaadin.flow.component.formlayout.FormLayout;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.grid.GridVariant;
import com.vaadin.flow.component.html.Anchor;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.H1;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.html.H3;
import com.vaadin.flow.component.html.ListItem;
import com.vaadin.flow.component.html.OrderedList;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.html.Pre;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.html.UnorderedList;
import com.vaadin.flow.component.orderedlayout.FlexComponent;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.component.select.Select;
import com.vaadin.flow.component.textfield.TextArea;
import com.vaadin.flow.data.binder.Binder;
import com.vaadin.flow.data.binder.ValidationException;
import com.vaadin.flow.data.renderer.LitRenderer;
import com.vaadin.flow.data.value.ValueChangeMode;
import com.vaadin.flow.router.BeforeEnterEvent;
import com.vaadin.flow.router.BeforeEnterObserver;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import com.vaadin.flow.theme.lumo.LumoUtility;
import io.esteira.shared.ui.Breadcrumb;
import io.esteira.changes.ChangeActions;
import io.esteira.changes.ChangeApprovals;
import io.esteira.changes.ChangePolicy;
import io.esteira.changes.ChangeQueries;
import io.esteira.changes.ChangeRequestDraft;
import io.esteira.changes.ChangeRequestView;
import io.esteira.changes.ChangeState;
import io.esteira.changes.ChangeSubmissions;
import io.esteira.changes.ChangeType;
import io.esteira.changes.Environment;
import io.esteira.changes.EvidenceSection;
import io.esteira.changes.HistoryEntry;
import io.esteira.shared.ForbiddenException;
import io.esteira.shared.Formats;
import io.esteira.shared.InvalidRequestException;
import io.esteira.shared.NotFoundException;
import io.esteira.shared.security.CurrentUser;
import io.esteira.shared.security.Role;
import io.esteira.shared.security.SignedInUser;
import io.esteira.shared.security.UserDirectory;
import io.esteira.shared.ui.Notices;
import io.esteira.shared.ui.People;
import jakarta.annotation.security.PermitAll;
import java.time.Clock;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;
import org.springframework.dao.OptimisticLockingFailureException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * One change request: the subject, the policy's type and reason, the window and rollback plan, the
 * evidence pack, the approvals so far and what is still needed, the timeline, and what the signed-in
 * user may do (approve or reject with a comment; the requester edits or withdraws; an administrator
 * reclassifies), each action off with its reason when the rules say no.
 */
@Route("changes/:changeId")
@PageTitle("Change request · Esteira")
@PermitAll
class ChangeRequestPage extends VerticalLayout implements BeforeEnterObserver {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final ChangeQueries queries;
    private final ChangeSubmissions submissions;
    private final ChangeApprovals approvals;
    private UUID id;
    private final Clock clock;
    private final UserDirectory users;
    private People people;

    ChangeRequestPage(ChangeQueries queries, ChangeSubmissions submissions, ChangeApprovals approvals, Clock clock, UserDirectory users) {
        this.clock = clock;
        this.users = users;
        this.queries = queries;
        this.submissions = submissions;
        this.approvals = approvals;
        addClassName("view");
        setId("change-request-page");
        setMaxWidth("72rem");
    }

    @Override
    public void beforeEnter(BeforeEnterEvent event) {
        try {
            id = UUID.fromString(event.getRouteParameters().get("changeId").orElse(""));
            render();
        } catch (IllegalArgumentException | NotFoundException e) {
            event.rerouteToError(com.vaadin.flow.router.NotFoundException.class, "There is no such change request, or it is not yours to see.");
        }
    }

    private static final java.util.Set<io.esteira.shared.security.Role> APPROVERS = java.util.EnumSet.of(io.esteira.shared.security.Role.REVIEWER,
            io.esteira.shared.security.Role.RISK_REVIEWER, io.esteira.shared.security.Role.GOVERNANCE_REVIEWER, io.esteira.shared.security.Role.ADMIN);

    private void render() {
        ChangeRequestView change = queries.get(id);
        ChangeActions actions = queries.actions(id);
        people = new People(users); // afresh on each render: a name may have changed since
        List<UUID> named = new ArrayList<>();
        named.add(change.requesterId());
        change.decisions().forEach(d -> named.add(d.reviewerId()));
        people.knowIds(named);
        removeAll();
        // back to where they came from: reviewers (and administrators) have the approval queue, requesters their areas' requests
        add(java.util.Collections.disjoint(io.esteira.shared.security.CurrentUser.require().roles(), APPROVERS)
                ? new Breadcrumb(change.subjectLabel(), "Change requests", "changes")
                : new Breadcrumb(change.subjectLabel(), "Approvals", "approvals"));
        add(header(change), facts(change));
        add(decisions(change));
        Component requester = requesterActions(change, actions);
        if (requester != null) {
            add(requester);
        }
        add(evidence(queries.evidence(id))); // reviewers read the evidence before the form that asks their decision
        Component decide = decisionPanel(change, actions);
        if (decide != null) {
            add(decide);
        }
        add(timeline(queries.history(id)));
    }

    // ------------------------------------------------------------------ what it is

    private Component header(ChangeRequestView c) {
        H1 title = new H1(c.subjectLabel());
        title.setId("change-subject");
        title.getStyle().set("overflow-wrap", "anywhere");
        title.addClassNames(LumoUtility.Margin.Bottom.XSMALL, LumoUtility.FontSize.XXLARGE);
        Span state = ChangeLabels.state(c.state());
        state.setId("change-state");
        Span type = ChangeLabels.type(c.type());
        type.setId("change-type");
        Span where = new Span("to " + c.environment().name().toLowerCase() + " · " + c.areaName() + " · " + c.subjectType()
                + " · risk tier " + c.riskTier());
        where.addClassNames(LumoUtility.TextColor.SECONDARY);
        HorizontalLayout badges = new HorizontalLayout(state, type, where);
        badges.setDefaultVerticalComponentAlignment(FlexComponent.Alignment.CENTER);
        badges.setWrap(true);
        Div head = new Div(title, badges);
        if (c.subjectLink() != null) {
            Anchor link = new Anchor(c.subjectLink().substring(1), "Open the " + c.subjectType().replace('-', ' '));
            link.setId("change-subject-link");
            head.add(new Paragraph(link));
        }
        Paragraph requested = new Paragraph(new Text("Requested by "), people.span(c.requesterId(), c.requesterName()),
                new Text(" on " + Formats.dateTime(c.submittedAt()) + (c.state() == ChangeState.SUBMITTED || c.state() == ChangeState.REVIEW_DUE
                        ? " · " + ChangeLabels.waiting(c.waitingSince(), clock.instant()) : "")));
        requested.setId("change-requested");
        requested.addClassNames(LumoUtility.TextColor.SECONDARY, LumoUtility.FontSize.SMALL, LumoUtility.Margin.Vertical.XSMALL);
        head.add(requested);
        head.setWidthFull();
        return head;
    }

    private Component facts(ChangeRequestView c) {
        Div facts = new Div();
        facts.setWidthFull();
        facts.add(fact("Type of change", "change-type-reason", ChangeLabels.words(c.type()) + ": " + c.typeReason()));
        facts.add(fact("Justification", "change-justification", c.justification()));
        facts.add(fact("Change window", "change-window", c.windowStart() == null ? "Not restricted"
                : "From " + Formats.dateTime(c.windowStart()) + (c.windowEnd() == null ? "" : " to " + Formats.dateTime(c.windowEnd()))));
        facts.add(fact("Rollback plan", "change-rollback", c.rollbackPlan() == null ? "None given (not required for staging)" : c.rollbackPlan()));
        String status = switch (c.state()) {
            case APPROVED -> "Approved on " + Formats.dateTime(c.approvedAt()) + "; to be implemented before " + Formats.dateTime(c.validUntil());
            case IMPLEMENTED -> "Implemented on " + Formats.dateTime(c.implementedAt()) + note(c);
            case REVIEW_DUE -> "Implemented on " + Formats.dateTime(c.implementedAt()) + note(c) + "; the review after implementation is due by "
                    + Formats.dateTime(c.reviewDueAt());
            case REVIEWED -> "Implemented on " + Formats.dateTime(c.implementedAt()) + " and reviewed on " + Formats.dateTime(c.reviewedAt());
            default -> null;
        };
        if (status != null) {
            facts.add(fact("Implementation", "change-implementation", status));
        }
        return facts;
    }

    private static String note(ChangeRequestView c) {
        return c.implementationNote() == null ? "" : " (" + c.implementationNote() + ")";
    }

    private static Component fact(String label, String id, String text) {
        Span name = new Span(label);
        name.addClassNames(LumoUtility.FontSize.XSMALL, LumoUtility.TextColor.SECONDARY, LumoUtility.FontWeight.SEMIBOLD,
                LumoUtility.Display.BLOCK);
        Span value = new Span(text);
        value.setId(id);
        value.getStyle().set("white-space", "pre-wrap").set("overflow-wrap", "anywhere");
        Div fact = new Div(name, value);
        fact.addClassNames(LumoUtility.Margin.Bottom.SMALL);
        return fact;
    }

    // ------------------------------------------------------------------ approvals

    private Component decisions(ChangeRequestView c) {
        Div section = new Div(new H2("Approvals"));
        section.setId("change-approvals");
        section.setWidthFull();
        if (c.decisions().isEmpty()) {
            Paragraph none = new Paragraph(c.state() == ChangeState.SUBMITTED ? "No decision yet in this round of review."
                    : "No decisions in this round of review.");
            none.addClassNames(LumoUtility.TextColor.SECONDARY);
            section.add(none);
        } else {
            UnorderedList list = new UnorderedList();
            list.setId("change-decisions");
            for (ChangeRequestView.Decision d : c.decisions()) {
                String kinds = d.kinds().stream().map(k -> k.equals(Role.RISK_REVIEWER.name()) ? "model-risk" : "governance").sorted()
                        .reduce((a, b) -> a + " and " + b).map(k -> " (" + k + ")").orElse("");
                String when = " · " + Formats.dateTime(d.decidedAt());
                Span head = switch (d.decision()) {
                    case "POLICY" -> new Span("Approved by policy" + when);
                    case "REJECTED" -> new Span(people.span(d.reviewerId(), d.reviewer()), new Text(kinds + " rejected" + when));
                    default -> new Span(people.span(d.reviewerId(), d.reviewer()), new Text(kinds + " approved" + when));
                };
                head.addClassNames(LumoUtility.FontWeight.SEMIBOLD);
                ListItem item = new ListItem(head);
                if (d.expiresAt() != null) {
                    Span validity = new Span(d.counts() ? "counts until " + Formats.dateTime(d.expiresAt()) : "expired: no longer counts");
                    validity.getElement().getThemeList().add("badge small " + (d.counts() ? "" : "error"));
                    validity.addClassNames(LumoUtility.Margin.Left.SMALL);
                    item.add(validity);
                }
                Paragraph comment = new Paragraph(d.decision().equals("POLICY") ? d.reviewer() : d.comment());
                comment.addClassNames(LumoUtility.Margin.Vertical.XSMALL);
                comment.getStyle().set("white-space", "pre-wrap").set("overflow-wrap", "anywhere");
                item.add(comment);
                list.add(item);
            }
            section.add(list);
        }
        if (c.state() == ChangeState.SUBMITTED && !c.stillNeeded().isEmpty()) {
            Paragraph needed = new Paragraph("Still needed: " + c.stillNeeded());
            needed.setId("change-still-needed");
            needed.addClassNames(LumoUtility.FontWeight.SEMIBOLD);
            section.add(needed);
        }
        return section;
    }

    /** Approve or reject, for whoever reviews: off, with the reason, when the rules say they may not decide this one. */
    private Component decisionPanel(ChangeRequestView c, ChangeActions actions) {
        SignedInUser me = CurrentUser.require();
        boolean reviewer = me.has(Role.REVIEWER) || !ChangePolicy.kindsOf(me.roles()).isEmpty();
        if (c.state() == ChangeState.REVIEW_DUE && (reviewer || actions.mayReview())) {
            return reviewPanel(actions);
        }
        if (c.state() != ChangeState.SUBMITTED || !(reviewer || actions.mayDecide())) {
            return null;
        }
        Div panel = new Div(new H2("Your decision"));
        panel.setId("decision-panel");
        panel.setWidthFull();
        TextArea comment = new TextArea("Comment");
        comment.setId("decision-comment");
        comment.setWidthFull();
        comment.setMinRows(3);
        comment.setMaxLength(4000);
        comment.setValueChangeMode(ValueChangeMode.LAZY);
        comment.setHelperText("Required: at least 10 characters. It is kept with your decision and shown to the requester.");
        CommentForm form = new CommentForm();
        Binder<CommentForm> binder = new Binder<>();
        binder.forField(comment).asRequired("Write why you decide so")
                .withValidator(v -> v.strip().length() >= 10, "At least 10 characters: your decision is read later")
                .bind(CommentForm::getText, CommentForm::setText);
        Button approve = new Button("Approve", e -> decide(binder, form, comment, () -> approvals.approve(id, form.getText(), c.version()),
                "Approved"));
        approve.setId("approve-change");
        approve.addThemeVariants(ButtonVariant.LUMO_PRIMARY, ButtonVariant.LUMO_SUCCESS);
        Button reject = new Button("Reject", e -> decide(binder, form, comment, () -> approvals.reject(id, form.getText(), c.version()),
                "Rejected"));
        reject.setId("reject-change");
        reject.addThemeVariants(ButtonVariant.LUMO_ERROR);
        HorizontalLayout buttons = new HorizontalLayout(approve, reject);
        if (c.type() == ChangeType.EMERGENCY) { // the requester's word alone does not make an emergency
            approve.setText("Approve and confirm the emergency");
            Button refuse = new Button("Refuse the emergency", e -> decide(binder, form, comment,
                    () -> approvals.refuseEmergency(id, form.getText(), c.version()), "Emergency refused: it is a normal change now"));
            refuse.setId("refuse-emergency");
            refuse.setEnabled(actions.mayRefuseEmergency());
            refuse.setTooltipText(actions.mayRefuseEmergency()
                    ? "Not an emergency: it becomes a normal change needing a model-risk and a governance reviewer; governance is told"
                    : actions.cannotRefuseEmergency());
            buttons.add(refuse);
        }
        if (!actions.mayDecide()) {
            comment.setEnabled(false);
            approve.setEnabled(false);
            reject.setEnabled(false);
            Span why = new Span(actions.cannotDecide());
            why.setId("decision-blocked");
            why.getElement().getThemeList().add("badge contrast");
            why.getStyle().set("white-space", "normal");
            buttons.add(why);
            buttons.setDefaultVerticalComponentAlignment(FlexComponent.Alignment.CENTER);
            approve.setTooltipText(actions.cannotDecide());
            reject.setTooltipText(actions.cannotDecide());
        }
        panel.add(comment, buttons);
        return panel;
    }

    private Component reviewPanel(ChangeActions actions) {
        Div panel = new Div(new H2("Review after implementation"));
        panel.setId("review-panel");
        panel.setWidthFull();
        TextArea comment = new TextArea("What the review found");
        comment.setId("review-comment");
        comment.setWidthFull();
        comment.setMinRows(3);
        comment.setValueChangeMode(ValueChangeMode.LAZY);
        comment.setHelperText("Required: at least 10 characters.");
        CommentForm form = new CommentForm();
        Binder<CommentForm> binder = new Binder<>();
        binder.forField(comment).asRequired("Write what the review found")
                .withValidator(v -> v.strip().length() >= 10, "At least 10 characters")
                .bind(CommentForm::getText, CommentForm::setText);
        Button record = new Button("Record review", e -> decide(binder, form, comment, () -> approvals.recordReview(id, form.getText()),
                "Review recorded"));
        record.setId("record-review");
        record.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        HorizontalLayout buttons = new HorizontalLayout(record);
        if (!actions.mayReview()) {
            comment.setEnabled(false);
            record.setEnabled(false);
            Span why = new Span(actions.cannotReview());
            why.setId("review-blocked");
            why.getElement().getThemeList().add("badge contrast");
            buttons.add(why);
        }
        panel.add(comment, buttons);
        return panel;
    }

    private void decide(Binder<CommentForm> binder, CommentForm form, TextArea field, Supplier<ChangeRequestView> work, String done) {
        try {
            binder.writeBean(form);
        } catch (ValidationException e) {
            return;
        }
        act(() -> {
            work.get();
            return done;
        }, Map.of("comment", field));
    }

    /** Edit and withdraw for the requester; reclassify for an administrator who is not part of the request. */
    private Component requesterActions(ChangeRequestView c, ChangeActions actions) {
        HorizontalLayout buttons = new HorizontalLayout();
        buttons.setId("change-actions");
        if (actions.mayEdit()) {
            Button edit = new Button("Edit…", e -> editDialog(c).open());
            edit.setId("edit-change");
            edit.setTooltipText("Any change restarts the review: approvals so far no longer count");
            buttons.add(edit);
        }
        if (actions.mayWithdraw()) {
            Button withdraw = new Button("Withdraw…", e -> {
                ConfirmDialog confirm = new ConfirmDialog("Withdraw this change request?", "Reviewers will no longer see it in their queue.",
                        "Withdraw", d -> act(() -> {
                            submissions.withdraw(id, null);
                            return "Withdrawn";
                        }, Map.of()));
                confirm.setCancelable(true);
                confirm.setConfirmButtonTheme("error primary");
                confirm.open();
            });
            withdraw.setId("withdraw-change");
            withdraw.addThemeVariants(ButtonVariant.LUMO_ERROR, ButtonVariant.LUMO_TERTIARY);
            buttons.add(withdraw);
        }
        if (CurrentUser.require().isPlatformAdmin() && c.state().isOpen()) {
            Button reclassify = new Button("Reclassify…", e -> reclassifyDialog(c).open());
            reclassify.setId("reclassify-change");
            reclassify.setEnabled(actions.mayReclassify());
            reclassify.setTooltipText(actions.mayReclassify() ? "Set the type against the policy's, with a reason; the review starts again"
                    : actions.cannotReclassify());
            buttons.add(reclassify);
        }
        return buttons.getComponentCount() == 0 ? null : buttons;
    }

    private Dialog editDialog(ChangeRequestView c) {
        Dialog dialog = new Dialog();
        dialog.setHeaderTitle("Edit change request");
        dialog.setWidth("min(44rem, 95vw)");
        Select<Environment> environment = new Select<>();
        environment.setLabel("Environment");
        environment.setItems(Environment.values());
        environment.setItemLabelGenerator(ChangeLabels::words);
        environment.setValue(c.environment());
        Checkbox emergency = new Checkbox("Emergency: expedited, reviewed after implementation", c.type() == ChangeType.EMERGENCY);
        TextArea justification = new TextArea("Justification");
        justification.setValue(c.justification());
        justification.setId("edit-justification");
        DateTimePicker start = new DateTimePicker("Window opens (UTC)");
        DateTimePicker end = new DateTimePicker("Window closes (UTC)");
        if (c.windowStart() != null) {
            start.setValue(LocalDateTime.ofInstant(c.windowStart(), ZoneOffset.UTC));
        }
        if (c.windowEnd() != null) {
            end.setValue(LocalDateTime.ofInstant(c.windowEnd(), ZoneOffset.UTC));
        }
        TextArea rollback = new TextArea("Rollback plan");
        rollback.setValue(c.rollbackPlan() == null ? "" : c.rollbackPlan());
        FormLayout form = new FormLayout(environment, emergency, justification, start, end, rollback);
        form.setColspan(justification, 2);
        form.setColspan(rollback, 2);
        Paragraph warning = new Paragraph("Saving any change voids the approvals so far: the review starts again.");
        warning.addClassNames(LumoUtility.TextColor.SECONDARY, LumoUtility.FontSize.SMALL);
        dialog.add(warning, form);
        Button save = new Button("Save and restart review", e -> {
            if (act(() -> {
                submissions.edit(id, new ChangeRequestDraft(c.subjectType(), c.subjectId(), environment.getValue(), emergency.getValue(),
                        justification.getValue(), start.getValue() == null ? null : start.getValue().toInstant(ZoneOffset.UTC),
                        end.getValue() == null ? null : end.getValue().toInstant(ZoneOffset.UTC), rollback.getValue()), c.version());
                return "Saved: the review starts again";
            }, Map.of("justification", justification, "rollbackPlan", rollback, "windowStart", start, "windowEnd", end))) {
                dialog.close();
            }
        });
        save.setId("edit-save");
        save.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        dialog.getFooter().add(new Button("Cancel", e -> dialog.close()), save);
        return dialog;
    }

    private Dialog reclassifyDialog(ChangeRequestView c) {
        Dialog dialog = new Dialog();
        dialog.setHeaderTitle("Reclassify change request");
        dialog.setWidth("min(36rem, 95vw)");
        Select<ChangeType> type = new Select<>();
        type.setLabel("New type");
        type.setItems(List.of(ChangeType.NORMAL, ChangeType.EMERGENCY).stream().filter(t -> t != c.type()).toList());
        type.setItemLabelGenerator(ChangeLabels::words);
        type.setId("reclassify-type");
        TextArea reason = new TextArea("Reason");
        reason.setId("reclassify-reason");
        reason.setWidthFull();
        reason.setHelperText("At least 10 characters; the approvals so far no longer count.");
        dialog.add(new VerticalLayout(type, reason));
        Button save = new Button("Reclassify", e -> {
            if (act(() -> {
                approvals.reclassify(id, type.getValue(), reason.getValue(), c.version());
                return "Reclassified: the review starts again";
            }, Map.of("type", type, "reason", reason))) {
                dialog.close();
            }
        });
        save.setId("reclassify-save");
        save.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        dialog.getFooter().add(new Button("Cancel", e -> dialog.close()), save);
        return dialog;
    }

    /** Runs a step, tells the outcome and shows the request as it now is; true when it went through. */
    private boolean act(Supplier<String> work, Map<String, ? extends com.vaadin.flow.component.HasValidation> fields) {
        try {
            Notices.success(work.get());
            render();
            return true;
        } catch (InvalidRequestException e) {
            Notices.fieldErrors(e, fields);
        } catch (ForbiddenException | NotFoundException e) {
            Notices.error(e.getMessage());
        } catch (OptimisticLockingFailureException e) {
            Notices.error("Someone else acted on this request meanwhile; it is shown as it is now. Read it again before deciding.");
            render();
        }
        return false;
    }

    // ------------------------------------------------------------------ evidence and history

    private Component evidence(List<EvidenceSection> sections) {
        Div section = new Div(new H2("Evidence"));
        section.setId("change-evidence");
        section.setWidthFull();
        if (sections.isEmpty()) {
            section.add(new Paragraph("The subject's module gave no evidence for this change."));
        }
        int n = 0;
        for (EvidenceSection s : sections) {
            H3 title = new H3(s.title());
            title.addClassNames(LumoUtility.Margin.Top.NONE, LumoUtility.FontSize.LARGE);
            Div part = new Div(title);
            part.setId("evidence-" + n++);
            part.setWidthFull();
            part.addClassNames(LumoUtility.Border.ALL, LumoUtility.BorderColor.CONTRAST_10, LumoUtility.BorderRadius.MEDIUM,
                    LumoUtility.Padding.MEDIUM, LumoUtility.Margin.Bottom.MEDIUM, LumoUtility.BoxSizing.BORDER);
            part.add(switch (s.kind()) {
                case EvidenceSection.MARKDOWN -> SafeMarkdown.render(s.content());
                case EvidenceSection.TABLE -> table(s.content());
                case EvidenceSection.LINK -> link(s.content());
                default -> text(s.content());
            });
            section.add(part);
        }
        return section;
    }

    private static Component text(String content) {
        Pre pre = new Pre(content == null ? "" : content);
        pre.getStyle().set("white-space", "pre-wrap").set("overflow-wrap", "anywhere");
        return pre;
    }

    /** Only portal paths and https addresses become links; anything else is shown as text. */
    private static Component link(String content) {
        String target = content == null ? "" : content.strip();
        if (target.startsWith("https://") || (target.startsWith("/") && !target.startsWith("//"))) {
            Anchor anchor = new Anchor(target.startsWith("/") ? target.substring(1) : target, target);
            if (target.startsWith("https://")) {
                anchor.setTarget("_blank");
                anchor.getElement().setAttribute("rel", "nofollow noopener noreferrer");
            }
            return anchor;
        }
        return text(target);
    }

    private static Component table(String content) {
        try {
            JsonNode json = JSON.readTree(content);
            List<String> columns = json.get("columns").valueStream().map(JsonNode::asString).toList();
            List<List<String>> rows = json.get("rows").valueStream()
                    .map(r -> r.valueStream().map(v -> v.isNull() ? "" : v.isString() ? v.asString() : v.toString()).toList()).toList();
            Grid<List<String>> grid = new Grid<>();
            for (int i = 0; i < columns.size(); i++) { // columns share the width by their longest words (capped) and wrap
                int column = i;
                int longest = Math.max(columns.get(i).length(), rows.stream().mapToInt(r -> column < r.size() ? r.get(column).length() : 0).max()
                        .orElse(0));
                grid.addColumn(LitRenderer.<List<String>>of("<span style=\"overflow-wrap:anywhere\">${item.text}</span>")
                        .withProperty("text", r -> column < r.size() ? r.get(column) : "")).setHeader(columns.get(i)).setResizable(true)
                        .setWidth("4rem").setFlexGrow(Math.clamp(longest, 4, 40));
            }
            grid.setItems(rows);
            grid.setAllRowsVisible(rows.size() <= 15);
            if (rows.size() > 15) {
                grid.setHeight("28rem");
            }
            grid.addThemeVariants(GridVariant.LUMO_COMPACT, GridVariant.LUMO_ROW_STRIPES, GridVariant.LUMO_WRAP_CELL_CONTENT);
            return grid;
        } catch (RuntimeException e) {
            return text(content);
        }
    }

    private Component timeline(List<HistoryEntry> entries) {
        Div section = new Div(new H2("History"));
        section.setId("change-history");
        section.setWidthFull();
        OrderedList list = new OrderedList();
        list.setId("change-timeline");
        for (HistoryEntry h : entries) {
            Span head = new Span(Formats.dateTime(h.at()) + " · " + h.actor() + " · " + step(h.step()));
            head.addClassNames(LumoUtility.FontWeight.SEMIBOLD);
            ListItem item = new ListItem(head);
            item.addClassNames(LumoUtility.Margin.Bottom.SMALL);
            if (h.comment() != null) {
                Paragraph comment = new Paragraph(h.comment());
                comment.addClassNames(LumoUtility.Margin.Vertical.XSMALL);
                comment.getStyle().set("white-space", "pre-wrap").set("overflow-wrap", "anywhere");
                item.add(comment);
            }
            if (h.step().equals("edited") || h.step().equals("reclassified") || h.step().equals("emergency-refused")) {
                Span what = new Span(changed(h.details()));
                what.addClassNames(LumoUtility.FontSize.SMALL, LumoUtility.TextColor.SECONDARY, LumoUtility.Display.BLOCK);
                what.getStyle().set("overflow-wrap", "anywhere");
                item.add(what);
            }
            list.add(item);
        }
        section.add(list);
        return section;
    }

    private static String step(String step) {
        return switch (step) {
            case "submitted" -> "submitted";
            case "approved-by-policy" -> "approved by policy";
            case "approval" -> "approved";
            case "approved" -> "request approved: nothing more needed";
            case "approval-expired" -> "an approval expired";
            case "edited" -> "edited: the review starts again";
            case "reclassified" -> "reclassified: the review starts again";
            case "emergency-refused" -> "refused the emergency: a normal change now, the review starts again";
            default -> step.replace('-', ' ');
        };
    }

    @SuppressWarnings("unchecked")
    private static String changed(Map<String, Object> details) {
        StringBuilder text = new StringBuilder();
        details.forEach((field, value) -> {
            if (text.length() > 0) {
                text.append(" · ");
            }
            if (value instanceof Map<?, ?> fromTo) {
                text.append(field).append(": ").append(fromTo.get("from")).append(" → ").append(fromTo.get("to"));
            } else {
                text.append(field).append(": ").append(value);
            }
        });
        return text.toString();
    }

    /** What a decision's form binds. */
    static final class CommentForm {
        private String text = "";

        String getText() {
            return text;
        }

        void setText(String text) {
            this.text = text;
        }
    }
}
