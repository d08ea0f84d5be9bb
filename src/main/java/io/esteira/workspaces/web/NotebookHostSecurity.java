package io.esteira.workspaces.web;

import io.esteira.identity.Accounts;
import io.esteira.shared.security.SignedInUser;
import io.esteira.shared.security.UserDirectory;
import io.esteira.shared.web.AccessDeniedRecorder;
import io.esteira.workspaces.NotebookAccess;
import io.esteira.workspaces.NotebookHosts;
import io.esteira.workspaces.provisioning.NotebookPaths;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.access.intercept.AuthorizationFilter;
import org.springframework.security.web.context.RequestAttributeSecurityContextRepository;
import org.springframework.security.web.header.writers.ReferrerPolicyHeaderWriter.ReferrerPolicy;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * The filter chain of every request that arrives with a workspace's notebook host ({@link NotebookHosts}, e.g.
 * {@code 6f1c….notebooks.bank.example}), ordered before all of the portal's chains. There, only that workspace's
 * {@code /workspaces/{id}/lab/**} exists (HTTP and WebSockets); the portal's pages, API, static files and Vaadin answer
 * 404. A request is admitted by the notebook session cookie of that host alone ({@link #COOKIE}, from a one-time handoff
 * ticket, {@link NotebookAccess}): the portal session is never read here (no HTTP session at all), and a cookie of
 * another workspace's session admits nothing. The person is loaded afresh at every request (account enabled, current
 * roles), and the proxy checks again that they may open the notebook and that it runs.
 *
 * <p>No CORS (no Access-Control-* header is ever written here), the pages may be framed only by their own origin,
 * and Jupyter's pages keep the scripts they need: this origin holds nothing but the one notebook.
 */
@Configuration
class NotebookHostSecurity {

    /** The notebook session cookie: host-only, HttpOnly, SameSite=Lax, Secure on https, Path=the workspace's lab. */
    static final String COOKIE = "esteira_notebook";
    static final String HANDOFF = "_esteira/handoff";
    /** The request attribute holding the notebook session's key (its hash), for the relays of its WebSockets. */
    static final String SESSION_KEY = NotebookHostSecurity.class.getName() + ".session";
    static final String CSP = "frame-ancestors 'self'; base-uri 'self'; object-src 'none'; form-action 'self'";

    @Bean
    @Order(-10)
    SecurityFilterChain notebookHostChain(HttpSecurity http, NotebookHosts hosts, NotebookAccess access, Accounts accounts,
            UserDirectory directory, AccessDeniedRecorder denied) throws Exception {
        http.securityMatcher(request -> hosts.isUnderNotebookDomain(request.getServerName()))
                .authorizeHttpRequests(a -> a
                        .requestMatchers(request -> isHandoff(request, hosts)).permitAll()
                        .anyRequest().authenticated())
                .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                // the portal's session is never read here: only this host's notebook session cookie admits
                .securityContext(c -> c.securityContextRepository(new RequestAttributeSecurityContextRepository()))
                // Jupyter's own XSRF cookie guards its changes; the proxy admits changes and WebSockets from this origin only
                .csrf(c -> c.disable())
                .cors(c -> c.disable())
                .requestCache(c -> c.disable())
                .anonymous(a -> a.disable())
                .formLogin(f -> f.disable())
                .httpBasic(b -> b.disable())
                .logout(l -> l.disable())
                .exceptionHandling(e -> e
                        .authenticationEntryPoint((request, response, refused) -> NotebookProxy.text(response, 401,
                                "This notebook opens from the portal: open it again from the workspaces screen "
                                        + "(your notebook session has ended, or was never opened on this address)"))
                        .accessDeniedHandler((request, response, refused) -> NotebookProxy.text(response, 403,
                                "This notebook opens from the portal")))
                .headers(h -> h
                        .frameOptions(f -> f.sameOrigin())
                        .referrerPolicy(r -> r.policy(ReferrerPolicy.SAME_ORIGIN))
                        .contentSecurityPolicy(c -> c.policyDirectives(CSP)))
                .addFilterBefore(new NotebookSessionFilter(hosts, access, accounts, directory, denied), AuthorizationFilter.class);
        return http.build();
    }

    static boolean isHandoff(HttpServletRequest request, NotebookHosts hosts) {
        return hosts.workspaceOf(request.getServerName())
                .map(id -> path(request).equals(NotebookPaths.basePath(id) + HANDOFF))
                .orElse(false);
    }

    static String path(HttpServletRequest request) {
        return request.getRequestURI().substring(request.getContextPath().length());
    }

    /** Reads this host's notebook session cookie, and answers 404 for anything but this workspace's notebook. */
    static final class NotebookSessionFilter extends OncePerRequestFilter {

        private final NotebookHosts hosts;
        private final NotebookAccess access;
        private final Accounts accounts;
        private final UserDirectory directory;
        private final AccessDeniedRecorder denied;

        NotebookSessionFilter(NotebookHosts hosts, NotebookAccess access, Accounts accounts, UserDirectory directory,
                AccessDeniedRecorder denied) {
            this.hosts = hosts;
            this.access = access;
            this.accounts = accounts;
            this.directory = directory;
            this.denied = denied;
        }

        @Override
        protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
                throws ServletException, IOException {
            Optional<UUID> workspace = hosts.workspaceOf(request.getServerName());
            if (workspace.isEmpty()) {
                NotebookProxy.text(response, 404, "There is no notebook at this address");
                return;
            }
            UUID workspaceId = workspace.get();
            String path = path(request);
            String base = NotebookPaths.basePath(workspaceId);
            if (!(path.equals(base.substring(0, base.length() - 1)) || path.startsWith(base)) || path.contains("/..")
                    || path.contains("\\") || path.contains(";")) {
                // the portal's pages, API, static files and Vaadin, and other workspaces' notebooks, are not here
                NotebookProxy.text(response, 404, "There is nothing here but the notebook of workspace " + workspaceId);
                return;
            }
            List<String> presented = cookies(request);
            if (!presented.isEmpty() && !path.equals(base + HANDOFF)) {
                // every cookie of the name is tried: one planted by a sibling host (same site) cannot shadow the person's own
                Optional<SignedInUser> user = Optional.empty();
                String admitted = null;
                for (String cookie : presented) {
                    Optional<UUID> person = access.personOf(cookie, workspaceId);
                    user = person.filter(id -> directory.find(id).map(UserDirectory.Person::enabled).orElse(false))
                            .map(id -> accounts.signedInUser(id, null, null));
                    if (user.isPresent()) {
                        admitted = cookie;
                        break;
                    }
                    if (person.isPresent()) {
                        // a live session of a person no longer allowed in: its open WebSockets end now, not when they are next used
                        NotebookSocket.sessionEnded(NotebookAccess.hash(cookie.strip()));
                    }
                }
                if (user.isPresent()) {
                    List<GrantedAuthority> authorities = user.get().roles().stream()
                            .map(r -> (GrantedAuthority) new SimpleGrantedAuthority("ROLE_" + r.name())).toList();
                    SecurityContext context = SecurityContextHolder.createEmptyContext();
                    context.setAuthentication(UsernamePasswordAuthenticationToken.authenticated(user.get(), null, authorities));
                    SecurityContextHolder.setContext(context);
                    request.setAttribute(SESSION_KEY, NotebookAccess.hash(admitted.strip()));
                } else {
                    denied.denied("notebook", request.getMethod() + " " + path + " on " + request.getServerName()
                            + ": the notebook session is unknown, ended, of another workspace, or of a disabled account");
                }
            }
            try {
                chain.doFilter(request, response);
            } finally {
                SecurityContextHolder.clearContext();
            }
        }

        static List<String> cookies(HttpServletRequest request) {
            Cookie[] cookies = request.getCookies();
            return cookies == null ? List.of()
                    : Arrays.stream(cookies).filter(c -> COOKIE.equals(c.getName())).map(Cookie::getValue).limit(10).toList();
        }
    }
}
