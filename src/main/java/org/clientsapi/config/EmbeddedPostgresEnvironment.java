package org.clientsapi.config;

import java.nio.file.Path;
import java.util.Map;

import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.context.support.GenericApplicationContext;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * Supplies the {@code DB_*} settings from an embedded PostgreSQL when none are given, so that
 * {@code ./mvnw spring-boot:run} needs nothing installed. With {@code DB_HOST} set it does nothing.
 */
class EmbeddedPostgresEnvironment implements EnvironmentPostProcessor {

    static final String DATA_DIRECTORY = "clients-api.embedded.data-directory";

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        if (environment.containsProperty("DB_HOST")) {
            return;
        }
        Path dataDirectory = Path.of(environment.getProperty(DATA_DIRECTORY, "data/postgres")).toAbsolutePath();
        EmbeddedPostgres server = EmbeddedPostgres.startOrJoin(dataDirectory);
        environment.getPropertySources().addLast(new MapPropertySource("embeddedPostgres", Map.of(
                "DB_HOST", "127.0.0.1",
                "DB_PORT", String.valueOf(server.port()),
                "DB_NAME", "postgres",
                "DB_USER", "postgres",
                "DB_PASSWORD", "")));
        // Registered first, so destroyed last: the connection pool closes before the server stops.
        application.addInitializers(context -> ((GenericApplicationContext) context)
                .registerBean("embeddedPostgres", EmbeddedPostgres.class, () -> server));
    }
}
