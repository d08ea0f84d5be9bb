package io.esteira.areas;

/** What a member does in an area: data scientists act in it, managers read it and answer for its cost. */
public enum AreaRole { DATA_SCIENTIST, MANAGER }
