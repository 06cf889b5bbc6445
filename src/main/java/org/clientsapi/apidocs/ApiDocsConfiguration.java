package org.clientsapi.apidocs;

import java.util.List;
import java.util.Locale;

import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springframework.boot.info.BuildProperties;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.server.i18n.FixedLocaleContextResolver;
import org.springframework.web.server.i18n.LocaleContextResolver;

/**
 * The document behind {@code /v3/api-docs} and Swagger UI. Routes are described in
 * {@link ApiPaths} rather than taken from springdoc's scan of the controllers, which read their
 * bodies as untyped maps and know nothing of the errors the filters answer.
 */
@Configuration(proxyBeanMethods = false)
class ApiDocsConfiguration {

    static final String TOKEN_SCHEME = "Token";

    @Bean
    OpenAPI clientsApiDocument(ObjectProvider<BuildProperties> build) {
        BuildProperties properties = build.getIfAvailable();
        Components components = new Components()
                .addSecuritySchemes(TOKEN_SCHEME, new SecurityScheme()
                        .type(SecurityScheme.Type.APIKEY)
                        .in(SecurityScheme.In.HEADER)
                        .name("Authorization")
                        .description("`Token <key>`: the word Token, a space, then the key from POST /auth/token "
                                + "(or the createtoken command). In Swagger UI's Authorize dialog, type both."));
        Schemas.all().forEach(components::addSchemas);
        ResponseHeaders.all().forEach(components::addHeaders);
        ProblemResponses.all().forEach(components::addResponses);
        return new OpenAPI()
                .info(new Info().title("clients-api")
                        .version(properties != null ? properties.getVersion() : "dev")
                        .description("A registry of clients for callers with `Authorization: Token <key>`. Errors "
                                + "are RFC 9457 problem+json with DRF's texts in `detail`. Every response carries "
                                + "`X-Request-Id` (yours when you send a valid one)."))
                .tags(ApiPaths.tags())
                .components(components)
                .security(List.of(new SecurityRequirement().addList(TOKEN_SCHEME)));
    }

    /**
     * One locale for every request: the API speaks DRF's English texts whatever Accept-Language says,
     * and springdoc builds (scanning classes, on the event loop) and keeps a document per locale, so
     * each new Accept-Language would otherwise cost a blocking build and a cache entry.
     */
    @Bean
    LocaleContextResolver localeContextResolver() {
        return new FixedLocaleContextResolver(Locale.US);
    }

    /** Replaces the scanned routes with the described ones (and drops test-only routes, if any). */
    @Bean
    OpenApiCustomizer describedRoutes() {
        return document -> document.setPaths(ApiPaths.all());
    }
}
