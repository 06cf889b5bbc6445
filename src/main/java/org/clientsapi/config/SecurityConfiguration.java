package org.clientsapi.config;

import java.util.List;

import org.clientsapi.auth.AuthFailures;
import org.clientsapi.auth.TokenAuthenticationConverter;
import org.clientsapi.auth.TokenAuthenticationManager;
import org.clientsapi.permission.IsAdminUser;
import org.clientsapi.permission.IsAuthenticated;
import org.clientsapi.permission.Permission;
import org.clientsapi.permission.PermissionDeniedException;
import org.clientsapi.permission.RoutePermissions;
import org.clientsapi.throttle.AuthFailureGuard;
import org.clientsapi.throttle.Throttling;
import org.clientsapi.web.ApiException;
import org.clientsapi.web.ProblemWriter;
import org.clientsapi.web.SecurityHeaders;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.config.annotation.web.reactive.EnableWebFluxSecurity;
import org.springframework.security.config.observation.SecurityObservationSettings;
import org.springframework.security.config.web.server.SecurityWebFiltersOrder;
import org.springframework.security.config.web.server.ServerHttpSecurity;
import org.springframework.security.config.web.server.ServerHttpSecurity.AuthorizeExchangeSpec;
import org.springframework.security.web.server.SecurityWebFilterChain;
import org.springframework.security.web.server.authentication.AuthenticationWebFilter;
import org.springframework.security.web.server.context.NoOpServerSecurityContextRepository;
import org.springframework.security.web.server.firewall.ServerExchangeRejectedHandler;
import org.springframework.security.web.server.firewall.ServerWebExchangeFirewall;
import org.springframework.security.web.server.firewall.StrictServerWebExchangeFirewall;
import org.springframework.security.web.server.header.ReferrerPolicyServerHttpHeadersWriter.ReferrerPolicy;
import org.springframework.security.web.server.savedrequest.NoOpServerRequestCache;
import reactor.core.publisher.Mono;

/**
 * The request path of design.md §2.2, after content negotiation: the failed-authentication guard,
 * token authentication, the permissions of the route, then its throttles. Who may call what is
 * decided in {@link #routes} and nowhere else. An anonymous caller refused by a permission gets
 * 401, an authenticated one 403: DRF's rule, kept by {@link RequestPathFilters#permissionDenials}
 * and, for any other denial, by Spring Security's exception translation.
 */
@Configuration(proxyBeanMethods = false)
@EnableWebFluxSecurity
class SecurityConfiguration {

    private static final Permission IS_AUTHENTICATED = new IsAuthenticated();
    private static final Permission IS_ADMIN_USER = new IsAdminUser();

    @Bean
    SecurityWebFilterChain securityWebFilterChain(ServerHttpSecurity http, TokenAuthenticationManager manager,
            AuthFailureGuard guard, Throttling throttling, ProblemWriter problems, AuthFailures failures,
            @Value("${clients-api.cors.allowed-origins:}") String[] corsOrigins) {
        var filters = new RequestPathFilters(guard, throttling, problems);
        List<String> origins = CorsRules.origins(corsOrigins);
        if (!origins.isEmpty()) {
            http.addFilterAt(CorsRules.filter(origins, problems), SecurityWebFiltersOrder.CORS);
        }
        return http
                .headers(headers -> headers
                        .writer(exchange -> Mono.fromRunnable(() -> exchange.getResponse().getHeaders().set(
                                "Content-Security-Policy",
                                SecurityHeaders.contentSecurityPolicy(exchange.getRequest().getPath().value()))))
                        .referrerPolicy(referrer -> referrer.policy(ReferrerPolicy.NO_REFERRER)))
                .cors(cors -> cors.disable())
                .csrf(csrf -> csrf.disable())
                .httpBasic(basic -> basic.disable())
                .formLogin(form -> form.disable())
                .logout(logout -> logout.disable())
                .anonymous(anonymous -> anonymous.disable())
                .requestCache(cache -> cache.requestCache(NoOpServerRequestCache.getInstance()))
                .securityContextRepository(NoOpServerSecurityContextRepository.getInstance())
                .addFilterBefore(filters.authFailureGuard(), SecurityWebFiltersOrder.AUTHENTICATION)
                .addFilterAt(tokenFilter(manager, guard, problems, failures), SecurityWebFiltersOrder.AUTHENTICATION)
                .addFilterAfter(filters.permissionDenials(), SecurityWebFiltersOrder.EXCEPTION_TRANSLATION)
                .authorizeExchange(SecurityConfiguration::routes)
                .addFilterAfter(filters.throttles(), SecurityWebFiltersOrder.AUTHORIZATION)
                .exceptionHandling(errors -> errors
                        .authenticationEntryPoint((exchange, e) -> problems.write(exchange, ApiException.notAuthenticated()))
                        .accessDeniedHandler((exchange, e) -> problems.write(exchange, forbidden(e))))
                .build();
    }

    /**
     * No observation around each security filter: with actuator on the classpath Spring Security
     * would otherwise time every filter of every request (about 8% of the CPU of a 401, bench
     * profile). Requests are still measured as a whole by {@code http.server.requests}.
     */
    @Bean
    SecurityObservationSettings securityObservationSettings() {
        return SecurityObservationSettings.noObservations();
    }

    /**
     * Requests Spring Security's firewall refuses (a method other than the usual ones, an encoded
     * slash or dot, a semicolon in the path): problem+json like every other error, not an empty 400.
     */
    @Bean
    ServerExchangeRejectedHandler exchangeRejectedHandler(ProblemWriter problems) {
        return (exchange, rejected) -> problems.write(exchange, ApiException.malformedRequest());
    }

    /**
     * Spring Security's firewall, except that it lets through a {@code Token} header with control
     * bytes (such as {@code 0x80}, which Netty reads as U+0080): DRF answers that 401 with its own
     * text, and so does {@link TokenAuthenticationConverter}, rather than a 400 malformed request.
     */
    @Bean
    ServerWebExchangeFirewall firewall() {
        StrictServerWebExchangeFirewall firewall = new StrictServerWebExchangeFirewall();
        firewall.setAllowedHeaderValues(value -> StrictServerWebExchangeFirewall.ALLOWED_HEADER_VALUES.test(value)
                || TokenAuthenticationConverter.isToken(value));
        return firewall;
    }

    /** Each route's permissions: adding one is adding it to that route's line. */
    private static void routes(AuthorizeExchangeSpec routes) {
        routes.pathMatchers(HttpMethod.DELETE, "/clients/*", "/clients/*/")
                    .access(RoutePermissions.of(IS_AUTHENTICATED, IS_ADMIN_USER))
                .pathMatchers("/clients", "/clients/", "/clients/*", "/clients/*/")
                    .access(RoutePermissions.of(IS_AUTHENTICATED))
                .pathMatchers("/auth/logout", "/auth/logout/", "/auth/logoutall", "/auth/logoutall/")
                    .access(RoutePermissions.of(IS_AUTHENTICATED))
                // Load balancers and orchestrators probe health anonymously; the rest of the
                // actuator (prometheus, metrics) tells too much about the service for anyone but staff.
                .pathMatchers(HttpMethod.GET, "/actuator/health", "/actuator/health/**", "/actuator/info")
                    .permitAll()
                .pathMatchers("/actuator", "/actuator/**")
                    .access(RoutePermissions.of(IS_AUTHENTICATED, IS_ADMIN_USER))
                .anyExchange().permitAll();
    }

    private static ApiException forbidden(AccessDeniedException denial) {
        if (denial instanceof PermissionDeniedException permission) {
            return RequestPathFilters.forbidden(permission);
        }
        return ApiException.permissionDenied();
    }

    /** Built here, not as a bean: a WebFilter bean would also be registered in the main chain. */
    private static AuthenticationWebFilter tokenFilter(TokenAuthenticationManager manager, AuthFailureGuard guard,
            ProblemWriter problems, AuthFailures failures) {
        AuthenticationWebFilter filter = new AuthenticationWebFilter(manager);
        filter.setServerAuthenticationConverter(new TokenAuthenticationConverter());
        filter.setAuthenticationFailureHandler((webExchange, e) -> guard
                .recordFailure(webExchange.getExchange().getRequest())
                .doOnSubscribe(subscription -> failures.tokenRefused(e))
                .then(problems.write(webExchange.getExchange(), ApiException.authenticationFailed(e.getMessage()))));
        return filter;
    }
}
