package io.esteira.identity.security;

import io.esteira.identity.domain.Users;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.access.intercept.AuthorizationFilter;
import org.springframework.security.web.authentication.LoginUrlAuthenticationEntryPoint;

/**
 * The filter chain of the notebooks' path on the portal's own host, {@code /workspaces/{id}/lab/…} (the workspaces
 * module's proxy): the portal session is required (anonymous people are sent to the sign-in page), but not the
 * portal's CSRF token, which Jupyter's pages cannot send. With notebooks on hosts of their own (the default,
 * {@code esteira.workspaces.notebook-host}) this path serves nothing of a notebook: it authorises the opening and hands
 * over to the workspace's host, whose requests never reach this chain (the workspaces module's notebook-host chain is
 * ordered first). Without that setting the proxy serves the notebook here, admitting changes and WebSockets only from
 * the portal's own origin; Jupyter's pages bring their own Content-Security-Policy (they need inline scripts), so the
 * portal's does not apply here. Everything else about who may open which notebook is the proxy's (owner or
 * administrator).
 *
 * <p>Kept apart from {@link SecurityConfig} on purpose: it is ordered before the portal's chain
 * and matches only this path.
 */
@Configuration
class NotebookProxySecurity {

    static final String NOTEBOOK_PATHS = "/workspaces/*/lab/**";

    @Bean
    @Order(0)
    SecurityFilterChain notebookProxyChain(HttpSecurity http, Users users) throws Exception {
        http.securityMatcher(NOTEBOOK_PATHS)
                .authorizeHttpRequests(a -> a.anyRequest().authenticated())
                .csrf(c -> c.disable())
                .headers(h -> h.frameOptions(f -> f.sameOrigin()))
                .exceptionHandling(e -> e.authenticationEntryPoint(new LoginUrlAuthenticationEntryPoint("/login")))
                .formLogin(f -> f.disable())
                .httpBasic(b -> b.disable())
                .addFilterBefore(new ActiveAccountFilter(users), AuthorizationFilter.class);
        return http.build();
    }
}
