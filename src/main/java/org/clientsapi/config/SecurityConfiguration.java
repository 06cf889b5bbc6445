package org.clientsapi.config;

import org.clientsapi.auth.TokenAuthentication;
import org.clientsapi.auth.TokenAuthenticationConverter;
import org.clientsapi.auth.TokenAuthenticationManager;
import org.clientsapi.web.ApiException;
import org.clientsapi.web.ProblemWriter;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;
import org.springframework.security.config.annotation.web.reactive.EnableWebFluxSecurity;
import org.springframework.security.config.web.server.SecurityWebFiltersOrder;
import org.springframework.security.config.web.server.ServerHttpSecurity;
import org.springframework.security.config.web.server.ServerHttpSecurity.AuthorizeExchangeSpec;
import org.springframework.security.web.server.SecurityWebFilterChain;
import org.springframework.security.web.server.authentication.AuthenticationWebFilter;
import org.springframework.security.web.server.context.NoOpServerSecurityContextRepository;
import org.springframework.security.web.server.savedrequest.NoOpServerRequestCache;

/**
 * The security chain: stateless token authentication, then the rules of each route. Who may call
 * what is decided in {@link #routes} and nowhere else. An anonymous caller refused by a rule gets
 * 401, an authenticated one 403: DRF's rule, which Spring Security's exception translation keeps.
 */
@Configuration(proxyBeanMethods = false)
@EnableWebFluxSecurity
class SecurityConfiguration {

    @Bean
    SecurityWebFilterChain securityWebFilterChain(ServerHttpSecurity http, TokenAuthenticationManager manager,
            ProblemWriter problems) {
        return http
                .csrf(csrf -> csrf.disable())
                .httpBasic(basic -> basic.disable())
                .formLogin(form -> form.disable())
                .logout(logout -> logout.disable())
                .anonymous(anonymous -> anonymous.disable())
                .requestCache(cache -> cache.requestCache(NoOpServerRequestCache.getInstance()))
                .securityContextRepository(NoOpServerSecurityContextRepository.getInstance())
                .addFilterAt(tokenFilter(manager, problems), SecurityWebFiltersOrder.AUTHENTICATION)
                .authorizeExchange(SecurityConfiguration::routes)
                .exceptionHandling(errors -> errors
                        .authenticationEntryPoint((exchange, e) -> problems.write(exchange, ApiException.notAuthenticated()))
                        .accessDeniedHandler((exchange, e) -> problems.write(exchange, ApiException.permissionDenied())))
                .build();
    }

    private static void routes(AuthorizeExchangeSpec routes) {
        routes.pathMatchers(HttpMethod.DELETE, "/clients/*", "/clients/*/").hasAuthority(TokenAuthentication.STAFF)
                .pathMatchers("/clients", "/clients/", "/clients/*", "/clients/*/").authenticated()
                .pathMatchers("/auth/logout", "/auth/logout/", "/auth/logoutall", "/auth/logoutall/").authenticated()
                .anyExchange().permitAll();
    }

    /** Built here, not as a bean: a WebFilter bean would also be registered in the main chain. */
    private static AuthenticationWebFilter tokenFilter(TokenAuthenticationManager manager, ProblemWriter problems) {
        AuthenticationWebFilter filter = new AuthenticationWebFilter(manager);
        filter.setServerAuthenticationConverter(new TokenAuthenticationConverter());
        filter.setAuthenticationFailureHandler((webExchange, e) -> problems.write(webExchange.getExchange(),
                ApiException.authenticationFailed(e.getMessage())));
        return filter;
    }
}
