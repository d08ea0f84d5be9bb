package io.esteira.models.pipeline;

import io.esteira.changes.EvidenceSection;
import io.esteira.models.VersionView;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import tools.jackson.databind.json.JsonMapper;

/** What a reviewer is shown of a model version in a change request about it, or about its deployment. */
public final class EvidencePack {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private EvidencePack() {
    }

    /**
     * The evidence pack of a version: its model card, its gate results, its metrics against another
     * version (e.g. the one in production or live where it goes; {@code where} says which, e.g.
     * "in production"), its data lineage, and a link to it in the registry.
     */
    public static List<EvidenceSection> of(VersionView v, Optional<VersionView> production, String where) {
        List<EvidenceSection> sections = new ArrayList<>();
        sections.add(new EvidenceSection("Model card", EvidenceSection.MARKDOWN,
                v.modelCard() == null || v.modelCard().isBlank() ? "_No model card was registered with this version._" : v.modelCard()));
        sections.add(new EvidenceSection("Quality gates", EvidenceSection.TABLE, table(List.of("Gate", "Result", "Message"),
                v.gateResults().stream().map(g -> List.of(g.title(), g.state().toLowerCase(), g.message() == null ? "" : g.message())).toList())));
        Set<String> metrics = new TreeSet<>(v.metrics().keySet());
        production.ifPresent(p -> metrics.addAll(p.metrics().keySet()));
        String against = production.map(p -> name(v, p) + " (" + where + ")").orElse("no version " + where);
        sections.add(new EvidenceSection("Metrics against " + against, EvidenceSection.TABLE,
                table(List.of("Metric", "v" + v.number(), production.map(p -> name(v, p)).orElse("—"), "Change"),
                        metrics.stream().map(m -> {
                            Double mine = v.metrics().get(m);
                            Double theirs = production.map(p -> p.metrics().get(m)).orElse(null);
                            return List.of(m, number(mine), number(theirs),
                                    mine == null || theirs == null ? "" : String.format(java.util.Locale.ROOT, "%+.4f", mine - theirs));
                        }).toList())));
        List<List<String>> lineage = new ArrayList<>();
        v.lineage().featureGroups().forEach(g -> lineage.add(List.of("feature group", g.toString(), "/feature-groups/" + g.name())));
        if (v.lineage().trainingSet() != null && !v.lineage().trainingSet().isBlank()) {
            lineage.add(List.of("training set", v.lineage().trainingSet(), ""));
        }
        lineage.add(List.of("source commit", v.commit() == null ? "—" : v.commit(), v.ciRunUrl() == null ? "" : v.ciRunUrl()));
        lineage.add(List.of("artifact", v.format() + " · sha256 " + v.sha256(), "registered by " + v.registeredBy()));
        sections.add(new EvidenceSection("Data lineage", EvidenceSection.TABLE, table(List.of("What", "Which", "Where"), lineage)));
        sections.add(new EvidenceSection("Version in the registry", EvidenceSection.LINK, "/models/" + v.model()));
        return sections;
    }

    /** "v6", or "other_model v6" when the version compared with is of another model. */
    private static String name(VersionView v, VersionView other) {
        return (other.model().equals(v.model()) ? "" : other.model() + " ") + "v" + other.number();
    }

    private static String number(Double value) {
        return value == null ? "—" : String.format(java.util.Locale.ROOT, "%.4f", value);
    }

    private static String table(List<String> columns, List<List<String>> rows) {
        return JSON.writeValueAsString(Map.of("columns", columns, "rows", rows));
    }
}
