/**
 * Shared kernel: audit trace types, the signed-in user, errors, web plumbing and the UI shell.
 * Open so that every module may use its sub-packages.
 */
@ApplicationModule(type = ApplicationModule.Type.OPEN)
package io.esteira.shared;

import org.springframework.modulith.ApplicationModule;
