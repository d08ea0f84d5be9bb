package io.esteira.identity.security;

import com.vaadin.flow.spring.security.VaadinAwareSecurityContextHolderStrategyConfiguration;
import com.vaadin.flow.spring.security.UidlRedirectStrategy;
import com.vaadin.flow.spring.security.VaadinSecurityConfigurer;
import io.esteira.identity.Accounts;
import io.esteira.identity.ApiTokenService;
import io.esteira.identity.domain.Users;
import io.esteira.identity.ui.LoginView;
import org.springframework.beans.factory.ObjectProvider;
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
@EnableConfigurationProperties(IdentityProperties.class)
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
            Accounts accounts, ClaimMapper claims, SignInAuditor auditor, RecentBearerTokens recentTokens) throws Exception {
        var bearer = new BearerAuthentication(tokens, jwtDecoder.getIfAvailable(), accounts, claims, auditor, recentTokens);
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
                        .accessDeniedHandler(ProblemResponses.forbidden(auditor)));
        return http.build();
    }

    @Bean
    @Order(2)
    SecurityFilterChain portalChain(HttpSecurity http, ObjectProvider<ClientRegistrationRepository> registrations,
            Accounts accounts, ClaimMapper claims, Users users) throws Exception {
        http.authorizeHttpRequests(a -> a.requestMatchers("/actuator/health", "/actuator/health/**",
                "/actuator/prometheus", "/v3/api-docs", "/v3/api-docs/**", "/swagger-ui/**", "/swagger-ui.html",
                "/images/**", "/styles.css", "/lumo/**").permitAll());
        ClientRegistrationRepository sso = registrations.getIfAvailable();
        http.with(VaadinSecurityConfigurer.vaadin(), vaadin -> {
            // Vaadin denies unmatched paths by default; signed-in people get the portal's "not found" page instead.
            vaadin.loginView(LoginView.class).anyRequest(any -> any.authenticated());
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
        if (sso != null) {
            http.oauth2Login(o -> o.loginPage("/login")
                    .failureUrl("/login?sso-error")
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
