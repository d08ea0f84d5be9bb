package io.esteira.training.web;

import io.esteira.shared.web.Problems;
import io.esteira.training.RunExchange;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.List;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.access.intercept.AuthorizationFilter;
import org.springframework.security.web.context.RequestAttributeSecurityContextRepository;
import org.springframework.security.web.header.writers.ReferrerPolicyHeaderWriter.ReferrerPolicy;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * The filter chain of the run endpoints a training pod calls ({@code /api/v1/training/runs/{id}/bundle} and
 * {@code .../outputs/**}): stateless like the API's chain (no session, no CSRF, problem+json), but admitting nothing
 * but the run's own one-time token for the run of the path. A person's session or API token, a pipeline's JWT, or
 * another run's token is answered 401, and the token reaches no other endpoint (the API's chain does not know it).
 * Ordered before the API's chain, which would otherwise take these paths.
 */
@Configuration
class RunTokenSecurity {

    static final String ROLE = "TRAINING_RUN";
    static final Pattern PATH = Pattern.compile("/api/v1/training/runs/([0-9a-fA-F-]{36})/(bundle|outputs/.+)");

    @Bean
    @Order(0)
    SecurityFilterChain trainingRunTokenChain(HttpSecurity http, RunExchange exchange) throws Exception {
        http.securityMatcher(request -> PATH.matcher(path(request)).matches())
                .authorizeHttpRequests(a -> a.anyRequest().hasRole(ROLE))
                .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                // the portal's session is never read here: a signed-in person's cookie admits nothing
                .securityContext(c -> c.securityContextRepository(new RequestAttributeSecurityContextRepository()))
                .csrf(c -> c.disable())
                .requestCache(c -> c.disable())
                .anonymous(a -> a.disable())
                .formLogin(f -> f.disable())
                .httpBasic(b -> b.disable())
                .exceptionHandling(e -> e
                        .authenticationEntryPoint((request, response, denied) -> refuse(request, response))
                        .accessDeniedHandler((request, response, denied) -> refuse(request, response)))
                .headers(h -> h.referrerPolicy(r -> r.policy(ReferrerPolicy.SAME_ORIGIN))
                        .contentSecurityPolicy(c -> c.policyDirectives("default-src 'none'; frame-ancestors 'none'")))
                .addFilterBefore(new RunTokenFilter(exchange), AuthorizationFilter.class);
        return http.build();
    }

    static String path(HttpServletRequest request) {
        return request.getRequestURI().substring(request.getContextPath().length());
    }

    static void refuse(HttpServletRequest request, HttpServletResponse response) throws IOException {
        Problems.write(request, response, HttpStatus.UNAUTHORIZED, "The run token was not accepted: it is not this run's, "
                + "or the run has ended, or the token has expired.");
    }

    /** The run a token admitted: the requests of this chain act for it and nothing else. */
    static final class RunTokenAuthentication extends AbstractAuthenticationToken {
        private final UUID runId;

        RunTokenAuthentication(UUID runId) {
            super(List.of(new SimpleGrantedAuthority("ROLE_" + ROLE)));
            this.runId = runId;
            setAuthenticated(true);
        }

        UUID runId() {
            return runId;
        }

        @Override
        public Object getCredentials() {
            return "";
        }

        @Override
        public Object getPrincipal() {
            return "training run " + runId;
        }
    }

    /** Checks {@code Authorization: Bearer <run token>} against the run of the path; anything else is 401. */
    static final class RunTokenFilter extends OncePerRequestFilter {
        private final RunExchange exchange;

        RunTokenFilter(RunExchange exchange) {
            this.exchange = exchange;
        }

        @Override
        protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
                throws ServletException, IOException {
            Matcher m = PATH.matcher(path(request));
            String header = request.getHeader("Authorization");
            UUID runId;
            try {
                runId = m.matches() ? UUID.fromString(m.group(1)) : null;
            } catch (IllegalArgumentException e) {
                runId = null;
            }
            if (runId == null || header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7)
                    || !exchange.admits(runId, header.substring(7))) {
                refuse(request, response);
                return;
            }
            SecurityContext context = SecurityContextHolder.createEmptyContext();
            context.setAuthentication(new RunTokenAuthentication(runId));
            SecurityContextHolder.setContext(context);
            try {
                chain.doFilter(request, response);
            } finally {
                SecurityContextHolder.clearContext();
            }
        }
    }
}
