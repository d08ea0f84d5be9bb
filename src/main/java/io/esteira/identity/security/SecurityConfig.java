package io.esteira.identity.security;

import com.vaadin.flow.spring.security.VaadinAwareSecurityContextHolderStrategyConfiguration;
import com.vaadin.flow.spring.security.UidlRedirectStrategy;
import com.vaadin.flow.spring.security.VaadinSecurityConfigurer;
import io.esteira.identity.Accounts;
import io.esteira.identity.ApiTokenService;
import io.esteira.identity.domain.Users;
import io.esteira.identity.ui.LoginView;
import com.vaadin.flow.spring.security.RequestUtil;
import java.time.Clock;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.http.HttpMethod;
import org.springframework.security.authentication.ProviderManager;
import org.springframework.security.config.ObjectPostProcessor;
import org.springframework.security.web.DefaultRedirectStrategy;
import org.springframework.security.web.header.HeaderWriterFilter;
import org.springframework.security.web.header.writers.ReferrerPolicyHeaderWriter.ReferrerPolicy;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;
import org.springframework.security.web.util.matcher.RequestMatcher;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.core.annotation.Order;
import org.springframework.security.config.annotation.method.configuration.EnableMethodSecurity;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configuration.EnableWebSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.oauth2.client.oidc.web.logout.OidcClientInitiatedLogoutSuccessHandler;
import org.springframework.security.oauth2.client.registration.ClientRegistration;
import org.springframework.security.oauth2.client.registration.ClientRegistrationRepository;
import org.springframework.security.oauth2.client.registration.ClientRegistrations;
import org.springframework.security.oauth2.client.registration.InMemoryClientRegistrationRepository;
import org.springframework.security.oauth2.core.DelegatingOAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidatorResult;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtValidators;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.access.intercept.AuthorizationFilter;

/**
 * Two filter chains: the stateless API ({@code /api/**}, bearer tokens, problem+json errors) and
 * the portal (Vaadin, session, CSRF on, form login and optional SSO).
 */
@Configuration
@EnableWebSecurity
@EnableMethodSecurity
@EnableConfigurationProperties({IdentityProperties.class, SignInProperties.class, ManagementAccessProperties.class})
@Import(VaadinAwareSecurityContextHolderStrategyConfiguration.class)
class SecurityConfig {

    public static final String SSO_REGISTRATION = "sso";

    @Bean
    PasswordEncoder passwordEncoder() {
        return new BCryptPasswordEncoder();
    }

    @Bean
    @Order(1)
    SecurityFilterChain apiChain(HttpSecurity http, ApiTokenService tokens, ObjectProvider<JwtDecoder> jwtDecoder,
            Accounts accounts, ClaimMapper claims, SignInAuditor auditor, RecentBearerTokens recentTokens, Clock clock) throws Exception {
        var bearer = new BearerAuthentication(tokens, jwtDecoder.getIfAvailable(), accounts, claims, auditor, recentTokens, clock);
        http.securityMatcher("/api/**")
                .authorizeHttpRequests(a -> a.anyRequest().authenticated())
                .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                // bearer tokens only, no cookies: cross-site request forgery has nothing to ride on
                .csrf(c -> c.disable())
                .requestCache(c -> c.disable())
                .oauth2ResourceServer(rs -> rs
                        .authenticationManagerResolver(request -> bearer)
                        .authenticationEntryPoint(ProblemResponses.unauthorized())
                        .accessDeniedHandler(ProblemResponses.forbidden(auditor)))
                .exceptionHandling(e -> e
                        .authenticationEntryPoint(ProblemResponses.unauthorized())
                        .accessDeniedHandler(ProblemResponses.forbidden(auditor)))
                .headers(h -> h.referrerPolicy(r -> r.policy(ReferrerPolicy.SAME_ORIGIN))
                        .contentSecurityPolicy(c -> c.policyDirectives(BrowserPolicy.API)));
        return http.build();
    }

    /**
     * Management endpoints ({@code /actuator/**}): health answers anyone (probes); everything else
     * (metrics, info) only the scrape credential, by HTTP basic, checked on its own (no person's
     * password signs in here).
     */
    @Bean
    @Order(2)
    SecurityFilterChain managementChain(HttpSecurity http, ManagementAccessProperties management,
            org.springframework.core.env.Environment environment) throws Exception {
        if (management.scrapeEnabled() && management.scrapePassword().length() < 16
                && environment.matchesProfiles("production")) {
            throw new IllegalStateException("ESTEIRA_METRICS_PASSWORD must have at least 16 characters in production");
        }
        http.securityMatcher("/actuator/**")
                .authorizeHttpRequests(a -> a
                        .requestMatchers("/actuator/health", "/actuator/health/**").permitAll()
                        .anyRequest().hasRole(ScrapeCredential.ROLE))
                .authenticationManager(new ProviderManager(new ScrapeCredential(management)))
                // answered here, not by the container's error page (that would send a scraper to the sign-in page)
                .httpBasic(b -> b.authenticationEntryPoint(ScrapeCredential::challenge))
                .exceptionHandling(e -> e.authenticationEntryPoint(ScrapeCredential::challenge)
                        .accessDeniedHandler((request, response, denied) -> ScrapeCredential.challenge(request, response, null)))
                .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .csrf(c -> c.disable())
                .requestCache(c -> c.disable())
                .headers(h -> h.referrerPolicy(r -> r.policy(ReferrerPolicy.SAME_ORIGIN))
                        .contentSecurityPolicy(c -> c.policyDirectives(BrowserPolicy.API)));
        return http.build();
    }

    @Bean
    @Order(3)
    SecurityFilterChain portalChain(HttpSecurity http, ObjectProvider<ClientRegistrationRepository> registrations,
            Accounts accounts, ClaimMapper claims, Users users, IdentityProperties identity, RequestUtil vaadinRequests,
            SignInThrottle throttle, Clock clock, SignInAuditor auditor) throws Exception {
        http.authorizeHttpRequests(a -> a.requestMatchers("/v3/api-docs", "/v3/api-docs/**", "/swagger-ui/**", "/swagger-ui.html",
                "/images/**", "/styles.css", "/lumo/**").permitAll());
        ClientRegistrationRepository sso = registrations.getIfAvailable();
        http.with(VaadinSecurityConfigurer.vaadin(), vaadin -> {
            // Vaadin denies unmatched paths by default; signed-in people get the portal's "not found" page instead.
            vaadin.loginView(LoginView.class).anyRequest(any -> any.authenticated());
            // Vaadin exempts POST /login from CSRF (login CSRF: a forged form signs the victim in as the attacker);
            // the login form sends the token of the page's meta tags, so the check is kept, below
            vaadin.enableCsrfConfiguration(false);
            if (sso != null) {
                // signing out of the portal also ends the identity provider's session (shared PCs)
                var logout = new OidcClientInitiatedLogoutSuccessHandler(sso);
                logout.setPostLogoutRedirectUri("{baseUrl}/login");
                logout.setDefaultTargetUrl("/login");
                // sign-out happens inside a Vaadin round-trip, which must be answered with a UIDL redirect
                logout.setRedirectStrategy(new UidlRedirectStrategy());
                vaadin.logoutSuccessHandler(logout);
            }
        });
        // Vaadin's form login: the failure page says how long to wait when the throttle refused or locked. Set after
        // Vaadin's configurer is added and before it runs: its login page then keeps this handler.
        http.formLogin(f -> f.failureHandler(new SignInFailureHandler(throttle, clock)));
        RequestMatcher signInForm = PathPatternRequestMatcher.withDefaults().matcher(HttpMethod.POST, "/login");
        // Vaadin's own requests carry Vaadin's CSRF token; never the sign-in form, whatever its query string says
        http.csrf(c -> c.ignoringRequestMatchers(request -> vaadinRequests.isFrameworkInternalRequest(request)
                && !signInForm.matches(request)));
        // a sign-in page left open until its session ended: back to a fresh one, with a word why
        http.exceptionHandling(e -> e.defaultAccessDeniedHandlerFor(
                (request, response, denied) -> new DefaultRedirectStrategy().sendRedirect(request, response, "/login?expired"),
                signInForm));
        http.headers(h -> h.addObjectPostProcessor(new ObjectPostProcessor<HeaderWriterFilter>() {
            // before the chain: Vaadin writes its pages past Spring Security's response wrapper, so headers
            // written when the response commits never reached them
            @Override
            public <O extends HeaderWriterFilter> O postProcess(O filter) {
                filter.setShouldWriteHeadersEagerly(true);
                return filter;
            }
        }));
        http.headers(h -> h
                .contentSecurityPolicy(c -> c.policyDirectives(BrowserPolicy.portal(identity)))
                .frameOptions(f -> f.sameOrigin())
                .referrerPolicy(r -> r.policy(ReferrerPolicy.SAME_ORIGIN)));
        if (sso != null) {
            http.oauth2Login(o -> o.loginPage("/login")
                    // logged at WARN, audited with the reason, and the page says what to ask an administrator
                    .failureHandler(new SsoFailureHandler(auditor, clock))
                    .userInfoEndpoint(u -> u.oidcUserService(new SsoAccounts(accounts, claims))));
        }
        http.sessionManagement(s -> s.sessionFixation(f -> f.changeSessionId()));
        http.addFilterBefore(new ActiveAccountFilter(users), AuthorizationFilter.class);
        return http.build();
    }

    @Bean
    @Conditional(SsoConfigured.class)
    ClientRegistrationRepository clientRegistrations(IdentityProperties properties) {
        ClientRegistration registration = ClientRegistrations.fromIssuerLocation(properties.oidcIssuerUri())
                .registrationId(SSO_REGISTRATION)
                .clientName("SSO")
                .clientId(properties.oidcClientId())
                .clientSecret(properties.oidcClientSecret())
                .scope("openid", "profile", "email")
                .build();
        return new InMemoryClientRegistrationRepository(registration);
    }

    @Bean
    @Conditional(SsoConfigured.class)
    JwtDecoder jwtDecoder(IdentityProperties properties) {
        NimbusJwtDecoder decoder = NimbusJwtDecoder.withIssuerLocation(properties.oidcIssuerUri()).build();
        // only tokens issued to this portal: other clients' tokens of the same realm are refused
        OAuth2TokenValidator<Jwt> audience = jwt -> (jwt.getAudience() != null
                && jwt.getAudience().contains(properties.oidcClientId()))
                || properties.oidcClientId().equals(jwt.getClaimAsString("azp"))
                ? OAuth2TokenValidatorResult.success()
                : OAuth2TokenValidatorResult.failure(new OAuth2Error("invalid_token", "The token was not issued for this portal", null));
        decoder.setJwtValidator(new DelegatingOAuth2TokenValidator<>(
                JwtValidators.createDefaultWithIssuer(properties.oidcIssuerUri()), audience));
        return decoder;
    }
}
