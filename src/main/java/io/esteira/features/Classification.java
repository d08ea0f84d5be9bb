package io.esteira.features;

/** How authoritative a source is: system of record, single source of truth, or specific (derived for a purpose). */
public enum Classification {
    SOR("System of record"), SOT("Source of truth"), SPEC("Specific");

    private final String label;

    Classification(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }
}
