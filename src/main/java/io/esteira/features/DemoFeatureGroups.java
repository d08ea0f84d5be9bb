package io.esteira.features;

import io.esteira.areas.AreaService;
import io.esteira.areas.AreaSummary;
import io.esteira.features.ColumnInfo.Kind;
import io.esteira.shared.NotFoundException;
import io.esteira.shared.security.SystemActor;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.stereotype.Component;
import org.springframework.transaction.event.TransactionalEventListener;
import io.esteira.features.FeatureEvents.FeatureGroupStatisticsComputed;
import io.esteira.features.FeatureGroupView.VersionView;

/**
 * The embedded default's published feature groups on the demo warehouse, so that the catalog, the
 * online tab and access requests work from the first start: Credit Risk's customer profile (with
 * personal data) and Fraud's latest card transaction per customer. Registered once by the system,
 * and published when their statistics are done.
 */
@Component
@ConditionalOnProperty(name = "esteira.demo.enabled", havingValue = "true")
class DemoFeatureGroups {

    private static final Logger log = LoggerFactory.getLogger(DemoFeatureGroups.class);
    private static final Set<String> NAMES = Set.of("customer_profile", "latest_card_transaction");

    private final FeatureGroupService groups;
    private final AreaService areas;

    DemoFeatureGroups(FeatureGroupService groups, AreaService areas) {
        this.groups = groups;
        this.areas = areas;
    }

    /** Called on a background thread once the warehouse is ready. */
    void ensure(UUID warehouseId) {
        SystemActor.run(() -> {
            try {
                List<AreaSummary> all = areas.myAreas();
                UUID credit = area(all, "CREDIT");
                UUID fraud = area(all, "FRAUD");
                if (credit != null) {
                    publish(new FeatureGroupDraft(credit, "customer_profile",
                            "Who the customer is: segment, region, credit limit and risk score, with contact data as personal data.",
                            List.of("customers", "credit"), warehouseId, SourceQuery.table("bank", "customers"), List.of("customer_id"),
                            "customer_since", List.of(
                                    feature("segment", Kind.TEXT, "Commercial segment", null, false),
                                    feature("region", Kind.TEXT, "Home region", null, false),
                                    new FeatureDraft("credit_limit", Kind.NUMBER, "Card credit limit", "EUR", false, true, 0.0, null, List.of()),
                                    new FeatureDraft("risk_score", Kind.NUMBER, "Internal risk score", null, false, true, 300.0, 850.0, List.of()),
                                    feature("birth_date", Kind.TIME, "Date of birth", null, true),
                                    feature("email", Kind.TEXT, "Contact e-mail", null, true))));
                }
                if (fraud != null) {
                    publish(new FeatureGroupDraft(fraud, "latest_card_transaction",
                            "The latest card transaction of each customer: amount, merchant, channel and fraud label.",
                            List.of("cards", "fraud"), warehouseId, SourceQuery.table("bank", "card_transactions"), List.of("customer_id"),
                            "event_time", List.of(
                                    new FeatureDraft("amount", Kind.NUMBER, "Amount of the transaction", "EUR", false, true, 0.0, null, List.of()),
                                    feature("merchant_category", Kind.TEXT, "Merchant category", null, false),
                                    feature("merchant_country", Kind.TEXT, "Country of the merchant", null, false),
                                    feature("channel", Kind.TEXT, "chip, contactless, online or atm", null, false),
                                    feature("is_fraud", Kind.BOOLEAN, "Confirmed fraud", null, false))));
                }
            } catch (RuntimeException e) {
                log.warn("Demo feature groups not registered: {}", e.getMessage());
            }
        });
    }

    /** Registers the group unless it exists; it is published once its statistics are done (see {@link #statisticsDone}). */
    private void publish(FeatureGroupDraft draft) {
        FeatureGroupView group;
        try {
            group = groups.getByName(draft.name());
        } catch (NotFoundException e) {
            groups.register(draft);
            return;
        }
        publishIfReady(group);
    }

    /** A demo group whose statistics are done is published, like its data scientist would. */
    @TransactionalEventListener
    void statisticsDone(FeatureGroupStatisticsComputed computed) {
        if (computed.ok() && NAMES.contains(computed.name())) {
            // on a thread of its own: the committed transaction of the statistics is still bound to this one
            Thread.ofPlatform().daemon().name("demo-feature-groups").start(() -> {
                try {
                    SystemActor.run(() -> publishIfReady(groups.get(computed.groupId())));
                } catch (RuntimeException e) {
                    log.warn("Demo feature group {} not published: {}", computed.name(), e.getMessage());
                }
            });
        }
    }

    private void publishIfReady(FeatureGroupView group) {
        VersionView latest = group.versions().getFirst();
        boolean ours = SystemActor.SYSTEM.displayName().equals(group.owner());
        if (ours && group.latestPublished().isEmpty() && latest.statisticsState().equals("DONE")) {
            groups.publish(group.id(), latest.number());
            log.info("Demo feature group {} published", group.name());
        }
    }

    private static UUID area(List<AreaSummary> all, String code) {
        return all.stream().filter(a -> a.code().equals(code)).map(AreaSummary::id).findFirst().orElse(null);
    }

    private static FeatureDraft feature(String name, Kind kind, String description, String unit, boolean pii) {
        return new FeatureDraft(name, kind, description, unit, pii, false, null, null, List.of());
    }
}
