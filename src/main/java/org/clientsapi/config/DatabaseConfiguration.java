package org.clientsapi.config;

import io.r2dbc.postgresql.PostgresqlConnectionFactoryProvider;
import org.springframework.boot.r2dbc.autoconfigure.ConnectionFactoryOptionsBuilderCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class DatabaseConfiguration {

    /**
     * Rows in PostgreSQL's binary format: the text format made the driver parse every timestamp
     * with a {@code DateTimeFormatter}, the largest single cost of reading a page (bench/run.sh profile).
     */
    @Bean
    ConnectionFactoryOptionsBuilderCustomizer binaryRows() {
        return options -> options.option(PostgresqlConnectionFactoryProvider.FORCE_BINARY, true);
    }
}
