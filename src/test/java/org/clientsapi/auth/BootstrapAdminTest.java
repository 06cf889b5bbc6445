package org.clientsapi.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

import org.clientsapi.support.ApiTest;
import org.clientsapi.support.TestDatabase;
import org.clientsapi.support.TestUsers;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.http.HttpHeaders;
import org.springframework.test.web.reactive.server.WebTestClient;

@ApiTest
@ExtendWith(OutputCaptureExtension.class)
class BootstrapAdminTest {

    private static final String LINE = "Bootstrap admin token: ";

    @Autowired
    BootstrapAdmin bootstrap;

    @Autowired
    TestUsers users;

    @Autowired
    WebTestClient web;

    @BeforeEach
    void emptyDatabase() {
        TestDatabase.truncateAll();
    }

    @Test
    void createIfNoUsersWhenNoUserThenLogsOneTokenOfStaffAdmin(CapturedOutput output) throws SQLException {
        int from = output.getAll().length();

        bootstrap.createIfNoUsers().block();

        List<String> lines = tokenLines(output, from);
        assertThat(lines).hasSize(1);
        String[] words = lines.get(0).trim().split("\\s+");
        String token = words[words.length - 1];
        web.get().uri("/clients").header(HttpHeaders.AUTHORIZATION, "Token " + token).exchange()
                .expectStatus().isOk();
        assertThat(rows("select u.username || ' ' || u.is_staff from tokens t join users u on u.id = t.user_id"
                + " where t.digest = decode('" + hex(Tokens.digest(token)) + "', 'hex')"))
                .containsExactly("admin true");
        assertThat(rows("select username from users")).containsExactly("admin");
    }

    @Test
    void createIfNoUsersWhenCalledTwiceThenSecondLogsNothingAndCreatesNothing(CapturedOutput output)
            throws SQLException {
        bootstrap.createIfNoUsers().block();
        int from = output.getAll().length();

        bootstrap.createIfNoUsers().block();

        assertThat(tokenLines(output, from)).isEmpty();
        assertThat(rows("select username from users")).containsExactly("admin");
        assertThat(rows("select count(*) from tokens")).containsExactly("1");
    }

    @Test
    void createIfNoUsersWhenAUserExistsThenNoAdminAndNothingLogged(CapturedOutput output) throws SQLException {
        users.user("quinn", "pw", false);
        int from = output.getAll().length();

        bootstrap.createIfNoUsers().block();

        assertThat(tokenLines(output, from)).isEmpty();
        assertThat(rows("select username from users")).containsExactly("quinn");
        assertThat(rows("select count(*) from tokens")).containsExactly("0");
    }

    private static List<String> tokenLines(CapturedOutput output, int from) {
        return output.getAll().substring(from).lines().filter(line -> line.contains(LINE)).toList();
    }

    private static List<String> rows(String sql) throws SQLException {
        List<String> rows = new ArrayList<>();
        try (Connection connection = TestDatabase.connect();
                PreparedStatement statement = connection.prepareStatement(sql);
                ResultSet result = statement.executeQuery()) {
            while (result.next()) {
                rows.add(result.getString(1));
            }
        }
        return rows;
    }

    private static String hex(byte[] bytes) {
        StringBuilder hex = new StringBuilder();
        for (byte b : bytes) {
            hex.append(String.format("%02x", b));
        }
        return hex.toString();
    }
}
