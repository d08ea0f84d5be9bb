/**
 * Business areas (cost centres), their memberships and budgets, and the one area-access policy that
 * every module's services use.
 */
@org.springframework.modulith.ApplicationModule(displayName = "Business areas")
package io.esteira.areas;
