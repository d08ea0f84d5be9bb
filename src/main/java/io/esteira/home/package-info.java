/**
 * The home page: what each persona needs first, composed from the other modules' facades.
 * A module of its own so that the shared kernel depends on no feature module.
 */
@org.springframework.modulith.ApplicationModule(displayName = "Home")
package io.esteira.home;
