package org.clientsapi.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The embedded default of design.md §4. Every start costs seconds: few starts, several checks each. */
class EmbeddedPostgresTest {

    @TempDir
    Path directory;

    @Test
    void startOrJoinWhenRestartedOnSameDirectoryThenDataKept() throws Exception {
        try (EmbeddedPostgres first = EmbeddedPostgres.startOrJoin(directory);
                Connection connection = connect(first.port());
                Statement statement = connection.createStatement()) {
            statement.execute("create table kept (value text)");
            statement.execute("insert into kept values ('survives a restart')");
        }
        assertThat(EmbeddedPostgres.runningPort(directory)).isEmpty();

        try (EmbeddedPostgres second = EmbeddedPostgres.startOrJoin(directory);
                Connection connection = connect(second.port());
                Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery("select value from kept")) {
            assertThat(rows.next()).isTrue();
            assertThat(rows.getString(1)).isEqualTo("survives a restart");
            assertThat(rows.next()).isFalse();
        }
    }

    @Test
    void startOrJoinWhenServerRunningThenSamePortAndClosingJoinedLeavesItRunning() throws Exception {
        try (EmbeddedPostgres owner = EmbeddedPostgres.startOrJoin(directory)) {
            EmbeddedPostgres joined = EmbeddedPostgres.startOrJoin(directory);
            assertThat(joined.port()).isEqualTo(owner.port());

            joined.close();

            assertThat(EmbeddedPostgres.runningPort(directory)).contains(owner.port());
            try (Connection connection = connect(owner.port());
                    Statement statement = connection.createStatement();
                    ResultSet rows = statement.executeQuery("select 1")) {
                assertThat(rows.next()).isTrue();
            }
        }
    }

    @Test
    void closeWhenOwnerThenServerStopped() throws Exception {
        EmbeddedPostgres owner = EmbeddedPostgres.startOrJoin(directory);
        int port = owner.port();
        try (Connection connection = connect(port)) {
            assertThat(connection.isValid(5)).isTrue();
        }

        owner.close();

        assertThat(directory.resolve("postmaster.pid")).doesNotExist();
        assertThat(EmbeddedPostgres.runningPort(directory)).isEmpty();
        assertThat(refuses(port)).as("a connection to the stopped server's port is refused").isTrue();
    }

    @Test
    void startOrJoinWhenDefaultThenDurableSettingsAndThrowawayOnlyWhenAsked() throws Exception {
        try (EmbeddedPostgres durable = EmbeddedPostgres.startOrJoin(directory.resolve("durable"));
                EmbeddedPostgres throwaway = EmbeddedPostgres.startOrJoinThrowaway(directory.resolve("throwaway"))) {
            assertThat(postmasterArguments(directory.resolve("durable"))).doesNotContain("-F");
            for (String setting : List.of("fsync", "synchronous_commit", "full_page_writes")) {
                assertThat(show(durable.port(), setting)).as(setting).isEqualTo("on");
                assertThat(show(throwaway.port(), setting)).as(setting).isEqualTo("off");
            }
        }
    }

    private static List<String> postmasterArguments(Path dataDirectory) throws Exception {
        long pid = Long.parseLong(Files.readAllLines(dataDirectory.resolve("postmaster.pid")).get(0).strip());
        return List.of(ProcessHandle.of(pid).orElseThrow().info().arguments().orElseThrow());
    }

    private static String show(int port, String setting) throws SQLException {
        try (Connection connection = connect(port);
                Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery("show " + setting)) {
            rows.next();
            return rows.getString(1);
        }
    }

    private static Connection connect(int port) throws SQLException {
        return DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + port + "/postgres", "postgres", "");
    }

    private static boolean refuses(int port) {
        try (Connection connection = connect(port)) {
            return false;
        } catch (SQLException e) {
            return true;
        }
    }
}
