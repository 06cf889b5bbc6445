package org.clientsapi.support;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;

import org.clientsapi.config.EmbeddedPostgres;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.postgresql.PostgreSQLContainer;

/**
 * The one real PostgreSQL of a test run, chosen once per JVM: the server named by {@code DB_*}
 * when set (CI exports the machine's), else a Testcontainers one when Docker answers, else the
 * embedded one in a fresh directory. Its coordinates become {@code DB_*} system properties, which
 * the application reads exactly as in production.
 */
public final class TestDatabase implements BeforeAllCallback {

    private static String host;
    private static String port;
    private static String name;
    private static String user;
    private static String password;

    @Override
    public void beforeAll(ExtensionContext context) {
        start();
    }

    public static synchronized void start() {
        if (host != null) {
            return;
        }
        if (System.getenv("DB_HOST") != null) {
            use(System.getenv("DB_HOST"), env("DB_PORT", "5432"), env("DB_NAME", "postgres"), env("DB_USER", "postgres"),
                    env("DB_PASSWORD", ""));
        } else if (dockerAnswers()) {
            var container = new PostgreSQLContainer("postgres:17-alpine");
            container.start();
            use(container.getHost(), String.valueOf(container.getMappedPort(5432)), container.getDatabaseName(),
                    container.getUsername(), container.getPassword());
        } else {
            try {
                Path directory = Files.createTempDirectory("clients-api-test-pg");
                // stopped by its own shutdown hook when the test JVM ends
                EmbeddedPostgres server = EmbeddedPostgres.startOrJoinThrowaway(directory);
                use("127.0.0.1", String.valueOf(server.port()), "postgres", "postgres", "");
            } catch (java.io.IOException e) {
                throw new IllegalStateException("No PostgreSQL for the tests", e);
            }
        }
    }

    /** Empties every table, so that each test starts from a database with no user and no client. */
    public static void truncateAll() {
        execute("truncate table mail_outbox, idempotency_keys, clients, tokens, users restart identity cascade");
    }

    public static void execute(String sql) {
        try (Connection connection = connect(); Statement statement = connection.createStatement()) {
            statement.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    public static Connection connect() throws SQLException {
        start();
        return DriverManager.getConnection("jdbc:postgresql://" + host + ":" + port + "/" + name, user, password);
    }

    private static void use(String host, String port, String name, String user, String password) {
        TestDatabase.host = host;
        TestDatabase.port = port;
        TestDatabase.name = name;
        TestDatabase.user = user;
        TestDatabase.password = password;
        System.setProperty("DB_HOST", host);
        System.setProperty("DB_PORT", port);
        System.setProperty("DB_NAME", name);
        System.setProperty("DB_USER", user);
        System.setProperty("DB_PASSWORD", password);
    }

    private static boolean dockerAnswers() {
        try {
            return DockerClientFactory.instance().isDockerAvailable();
        } catch (Throwable e) {
            return false;
        }
    }

    private static String env(String name, String fallback) {
        String value = System.getenv(name);
        return value == null ? fallback : value;
    }
}
