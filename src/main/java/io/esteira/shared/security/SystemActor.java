package io.esteira.shared.security;

import java.util.Set;
import java.util.UUID;
import java.util.function.Supplier;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;

/** Runs platform work (seeding, scheduled checks, sign-in provisioning) as the "system" actor. */
public final class SystemActor {

    public static final SignedInUser SYSTEM = new SignedInUser(new UUID(0, 0), "system", "Esteira",
            Set.of(Role.ADMIN), ActorType.SYSTEM, null, null);

    private SystemActor() {
    }

    /**
     * In a Vaadin request, Vaadin's security context strategy answers the session's context before
     * the thread's, so the system context set here would go unseen and the work run as the signed-in
     * user: the Vaadin instances of the thread are set aside for the work and put back after it.
     */
    public static <T> T call(Supplier<T> work) {
        java.util.Map<Class<?>, com.vaadin.flow.internal.CurrentInstance> vaadin = com.vaadin.flow.internal.CurrentInstance.getInstances();
        com.vaadin.flow.internal.CurrentInstance.clearAll();
        try {
            return callOutsideVaadin(work);
        } finally {
            com.vaadin.flow.internal.CurrentInstance.restoreInstances(vaadin);
        }
    }

    private static <T> T callOutsideVaadin(Supplier<T> work) {
        SecurityContext previous = SecurityContextHolder.getContext();
        SecurityContext context = SecurityContextHolder.createEmptyContext();
        context.setAuthentication(UsernamePasswordAuthenticationToken.authenticated(SYSTEM, null,
                Set.of(new SimpleGrantedAuthority(Role.ADMIN.authority()))));
        SecurityContextHolder.setContext(context);
        try {
            return work.get();
        } finally {
            SecurityContextHolder.setContext(previous);
        }
    }

    public static void run(Runnable work) {
        call(() -> {
            work.run();
            return null;
        });
    }
}
