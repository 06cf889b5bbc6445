package org.clientsapi.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

import org.clientsapi.support.ApiTest;
import org.clientsapi.support.TestDatabase;
import org.clientsapi.support.TestUsers;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * One kept-alive connection, as browsers, proxies and HTTP client pools use it. Reactor Netty up to
 * 1.3.7 stopped reading a connection for good when a request that arrived while the previous one was
 * still finishing was then answered at once (reactor/reactor-netty#4361): the next request on it was
 * never read, and its caller waited forever. That was the suite's rare "unanswered request".
 */
@ApiTest
class KeepAliveApiTest {

    private static final int ROUNDS = 30;

    @LocalServerPort
    int port;

    @Autowired
    TestUsers users;

    String token;

    @BeforeEach
    void oneUser() {
        TestDatabase.truncateAll();
        token = users.tokenOfNewUser("kim", false);
    }

    @Test
    void pipelinedWhenSecondAnsweredAtOnceThenNextRequestOnConnectionAnswered() throws IOException {
        for (int round = 0; round < ROUNDS; round++) {
            try (Socket socket = new Socket("127.0.0.1", port)) {
                socket.setSoTimeout(5_000);
                // the first needs the database; the second, anonymous, is refused without it, so it is
                // answered at once when the server takes it up after the first
                send(socket, get("/clients", token) + get("/clients", null));
                assertThat(status(socket, "round " + round + ", first")).as("round %d, first", round).isEqualTo(200);
                assertThat(status(socket, "round " + round + ", second")).as("round %d, second", round).isEqualTo(401);

                send(socket, get("/clients", token));
                assertThat(status(socket, "round " + round + ", the request after them"))
                        .as("round %d, the request after them", round).isEqualTo(200);
            }
        }
    }

    @Test
    void keptAliveWhenRequestsFollowEachOtherThenEachAnswered() throws IOException {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(5_000);
            for (int i = 0; i < 50; i++) {
                send(socket, get("/clients", i % 2 == 0 ? token : null));
                assertThat(status(socket, "request " + i)).as("request %d", i).isEqualTo(i % 2 == 0 ? 200 : 401);
            }
        }
    }

    private static String get(String path, String token) {
        return "GET " + path + " HTTP/1.1\r\nHost: localhost\r\n"
                + (token == null ? "" : "Authorization: Token " + token + "\r\n") + "\r\n";
    }

    private static void send(Socket socket, String requests) throws IOException {
        socket.getOutputStream().write(requests.getBytes(StandardCharsets.ISO_8859_1));
        socket.getOutputStream().flush();
    }

    /** Reads one whole response (Content-Length or chunked) off the connection and gives its status. */
    private static int status(Socket socket, String which) throws IOException {
        InputStream in = socket.getInputStream();
        String head;
        try {
            head = head(in);
        }
        catch (SocketTimeoutException e) {
            throw new AssertionError(which + ": no answer within 5 s, the server stopped reading the connection", e);
        }
        String lower = head.toLowerCase(Locale.ROOT);
        int status = Integer.parseInt(head.substring(9, 12));
        if (lower.contains("\r\ntransfer-encoding: chunked")) {
            for (int size = chunkSize(in); size > 0; size = chunkSize(in)) {
                in.readNBytes(size + 2);
            }
            head(in); // trailers, if any, and the final CRLF
        }
        else {
            int at = lower.indexOf("\r\ncontent-length:");
            int length = at < 0 ? 0 : Integer.parseInt(lower.substring(at + 17, lower.indexOf("\r\n", at + 2)).strip());
            in.readNBytes(length);
        }
        return status;
    }

    private static String head(InputStream in) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        int last4 = 0;
        while ((last4 & 0xFFFFFFFF) != 0x0D0A0D0A) {
            int b = in.read();
            if (b < 0) {
                throw new AssertionError("connection closed by the server: " + bytes);
            }
            bytes.write(b);
            last4 = (last4 << 8) | b;
            if (bytes.size() == 2 && last4 == 0x0D0A) {
                return ""; // an empty trailer section
            }
        }
        return bytes.toString(StandardCharsets.ISO_8859_1);
    }

    private static int chunkSize(InputStream in) throws IOException {
        StringBuilder line = new StringBuilder();
        for (int b = in.read(); b != '\n'; b = in.read()) {
            if (b < 0) {
                throw new AssertionError("connection closed inside a chunked body");
            }
            if (b != '\r') {
                line.append((char) b);
            }
        }
        return Integer.parseInt(line.toString().split(";")[0].strip(), 16);
    }
}
