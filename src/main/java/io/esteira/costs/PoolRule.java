package io.esteira.costs;

/**
 * How a shared pool is distributed over the areas: in proportion to their direct cost of the month, evenly
 * over the active areas, or by fixed percentages per area that sum to exactly 100 %.
 */
public enum PoolRule {
    PROPORTIONAL, EVEN, FIXED
}
