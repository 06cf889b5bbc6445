package org.clientsapi.config;

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
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.config.annotation.web.reactive.EnableWebFluxSecurity;
import org.springframework.security.config.web.server.SecurityWebFiltersOrder;
import org.springframework.security.config.web.server.ServerHttpSecurity;
import org.springframework.security.config.web.server.ServerHttpSecurity.AuthorizeExchangeSpec;
import org.springframework.security.web.server.SecurityWebFilterChain;
import org.springframework.security.web.server.authentication.AuthenticationWebFilter;
import org.springframework.security.web.server.context.NoOpServerSecurityContextRepository;
import org.springframework.security.web.server.savedrequest.NoOpServerRequestCache;

/**
 * The request path of design.md §2.2, after content negotiation: the failed-authentication guard,
 * token authentication, the permissions of the route, then its throttles. Who may call what is
 * decided in {@link #routes} and nowhere else. An anonymous caller refused by a permission gets
 * 401, an authenticated one 403: DRF's rule, which Spring Security's exception translation keeps.
 */
@Configuration(proxyBeanMethods = false)
@EnableWebFluxSecurity
class SecurityConfiguration {

    private static final Permission IS_AUTHENTICATED = new IsAuthenticated();
    private static final Permission IS_ADMIN_USER = new IsAdminUser();

    @Bean
    SecurityWebFilterChain securityWebFilterChain(ServerHttpSecurity http, TokenAuthenticationManager manager,
            AuthFailureGuard guard, Throttling throttling, ProblemWriter problems) {
        var filters = new RequestPathFilters(guard, throttling, problems);
        return http
                .csrf(csrf -> csrf.disable())
                .httpBasic(basic -> basic.disable())
                .formLogin(form -> form.disable())
                .logout(logout -> logout.disable())
                .anonymous(anonymous -> anonymous.disable())
                .requestCache(cache -> cache.requestCache(NoOpServerRequestCache.getInstance()))
                .securityContextRepository(NoOpServerSecurityContextRepository.getInstance())
                .addFilterBefore(filters.authFailureGuard(), SecurityWebFiltersOrder.AUTHENTICATION)
                .addFilterAt(tokenFilter(manager, guard, problems), SecurityWebFiltersOrder.AUTHENTICATION)
                .authorizeExchange(SecurityConfiguration::routes)
                .addFilterAfter(filters.throttles(), SecurityWebFiltersOrder.AUTHORIZATION)
                .exceptionHandling(errors -> errors
                        .authenticationEntryPoint((exchange, e) -> problems.write(exchange, ApiException.notAuthenticated()))
                        .accessDeniedHandler((exchange, e) -> problems.write(exchange, forbidden(e))))
                .build();
    }

    /** Each route's permissions: adding one is adding it to that route's line. */
    private static void routes(AuthorizeExchangeSpec routes) {
        routes.pathMatchers(HttpMethod.DELETE, "/clients/*", "/clients/*/")
                    .access(RoutePermissions.of(IS_AUTHENTICATED, IS_ADMIN_USER))
                .pathMatchers("/clients", "/clients/", "/clients/*", "/clients/*/")
                    .access(RoutePermissions.of(IS_AUTHENTICATED))
                .pathMatchers("/auth/logout", "/auth/logout/", "/auth/logoutall", "/auth/logoutall/")
                    .access(RoutePermissions.of(IS_AUTHENTICATED))
                .anyExchange().permitAll();
    }

    private static ApiException forbidden(AccessDeniedException denial) {
        if (denial instanceof PermissionDeniedException permission) {
            return new ApiException(HttpStatus.FORBIDDEN, permission.getMessage(), permission.code());
        }
        return ApiException.permissionDenied();
    }

    /** Built here, not as a bean: a WebFilter bean would also be registered in the main chain. */
    private static AuthenticationWebFilter tokenFilter(TokenAuthenticationManager manager, AuthFailureGuard guard,
            ProblemWriter problems) {
        AuthenticationWebFilter filter = new AuthenticationWebFilter(manager);
        filter.setServerAuthenticationConverter(new TokenAuthenticationConverter());
        filter.setAuthenticationFailureHandler((webExchange, e) -> guard
                .recordFailure(webExchange.getExchange().getRequest())
                .then(problems.write(webExchange.getExchange(), ApiException.authenticationFailed(e.getMessage()))));
        return filter;
    }
}
