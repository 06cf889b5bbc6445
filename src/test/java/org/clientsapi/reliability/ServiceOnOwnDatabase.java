package org.clientsapi.reliability;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import io.r2dbc.pool.ConnectionPool;
import io.r2dbc.spi.ConnectionFactory;
import org.clientsapi.ClientsApiApplication;
import org.clientsapi.auth.TokenService;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/** The whole service on a random port against an {@link OwnPostgres}, throttles off, and a token of a user of its own. */
final class ServiceOnOwnDatabase implements AutoCloseable {

    final OwnPostgres postgres;
    final ConfigurableApplicationContext app;
    final String base;
    final String token;

    private ServiceOnOwnDatabase(OwnPostgres postgres, ConfigurableApplicationContext app) {
        this.postgres = postgres;
        this.app = app;
        this.base = "http://127.0.0.1:" + app.getEnvironment().getProperty("local.server.port");
        postgres.execute("insert into users (username, password) values ('faults', 'not-a-password-hash')");
        long userId = postgres.count("select id from users where username = 'faults'");
        this.token = app.getBean(TokenService.class).issue(userId).block(Duration.ofSeconds(30)).token();
    }

    static ServiceOnOwnDatabase start(String... extraArguments) {
        OwnPostgres postgres = OwnPostgres.start();
        try {
            List<String> arguments = new ArrayList<>(List.of(
                    "--server.port=0",
                    "--DB_HOST=127.0.0.1", "--DB_PORT=" + postgres.port(), "--DB_NAME=postgres",
                    "--DB_USER=postgres", "--DB_PASSWORD=",
                    "--clients-api.throttle.rates.anon=", "--clients-api.throttle.rates.login=",
                    "--clients-api.throttle.rates.auth-failures=", "--clients-api.throttle.rates.user="));
            // an argument given twice would bind as both values joined by a comma: the extra one wins
            for (String extra : extraArguments) {
                String key = extra.substring(0, extra.indexOf('=') + 1);
                arguments.removeIf(argument -> argument.startsWith(key));
                arguments.add(extra);
            }
            ConfigurableApplicationContext app = new SpringApplicationBuilder(ClientsApiApplication.class)
                    .run(arguments.toArray(String[]::new));
            return new ServiceOnOwnDatabase(postgres, app);
        } catch (RuntimeException e) {
            postgres.close();
            throw e;
        }
    }

    ConnectionPool pool() {
        ConnectionFactory factory = app.getBean(ConnectionFactory.class);
        while (!(factory instanceof ConnectionPool) && factory instanceof io.r2dbc.spi.Wrapped<?> wrapped) {
            factory = (ConnectionFactory) wrapped.unwrap();
        }
        return (ConnectionPool) factory;
    }

    @Override
    public void close() {
        try {
            app.close();
        } finally {
            postgres.close();
        }
    }
}
