package org.clientsapi.mail;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ServerSocket;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Map;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import jakarta.mail.Message;
import jakarta.mail.internet.MimeMessage;
import org.clientsapi.support.ApiTest;
import org.clientsapi.support.FreePorts;
import org.clientsapi.support.TestDatabase;
import org.clientsapi.support.TestUsers;
import org.clientsapi.support.MutableClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * Welcome emails through a real SMTP server (GreenMail), started and stopped by the tests. The
 * context is closed afterwards: its dispatcher sends, and must not take other test classes' rows.
 */
@ApiTest
@DirtiesContext
class WelcomeMailApiTest {

    private static final int SMTP_PORT = FreePorts.belowEphemeralRange();
    private static final java.util.concurrent.atomic.AtomicLong OUTBOX_IDS = new java.util.concurrent.atomic.AtomicLong();

    @DynamicPropertySource
    static void mailServer(DynamicPropertyRegistry properties) {
        properties.add("spring.mail.host", () -> "127.0.0.1");
        properties.add("spring.mail.port", () -> SMTP_PORT);
        properties.add("clients-api.mail.poll-interval", () -> "PT0.1S");
        properties.add("clients-api.mail.first-retry", () -> "100ms");
        properties.add("clients-api.mail.max-retry", () -> "200ms");
        properties.add("clients-api.mail.max-attempts", () -> "1000");
    }

    @Autowired
    WebTestClient web;

    @Autowired
    TestUsers users;

    /** The dispatcher's clock: a failed send is due again only once this moves past its backoff. */
    @Autowired
    MutableClock clock;

    GreenMail smtp;
    String token;

    @BeforeEach
    void signIn() {
        TestDatabase.truncateAll();
        // truncateAll restarts ids; the dispatcher may still be finishing a row of the previous test,
        // and must not mark this test's row (same id) as sent. Ids never repeat in production.
        TestDatabase.execute("select setval(pg_get_serial_sequence('mail_outbox', 'id'), "
                + OUTBOX_IDS.addAndGet(1_000_000) + ")");
        token = users.tokenOfNewUser("mel", false);
        smtp = new GreenMail(new ServerSetup(SMTP_PORT, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
    }

    @AfterEach
    void stopSmtp() {
        smtp.stop();
    }

    @Test
    void createWhenSmtpDownThenCreatedAndMailSentOnceWhenSmtpComesUp() throws Exception {
        create("Ada", "Lovelace", "ada@example.com").expectStatus().isCreated();
        assertThat(outboxStatus("ada@example.com")).isEqualTo("pending");

        smtp.start();
        awaitMail(1);
        waitUntilSent("ada@example.com");
        // A few more polls: no second copy.
        Thread.sleep(500);
        MimeMessage[] received = smtp.getReceivedMessages();
        assertThat(received).hasSize(1);
        assertThat(received[0].getAllRecipients()).extracting(Object::toString).containsExactly("ada@example.com");
        assertThat(received[0].getSubject()).isEqualTo("Welcome, Ada!");
        assertThat((String) received[0].getContent()).contains("Hello Ada Lovelace,");
    }

    @Test
    void healthWhenMailPendingThenDetailsShowItToTokenHoldersOnly() throws InterruptedException {
        create("Ada", "Lovelace", "ada@example.com").expectStatus().isCreated();
        // SMTP is down: the email stays pending; the dispatcher refreshes its counts every poll.
        web.get().uri("/actuator/health").header(HttpHeaders.AUTHORIZATION, "Token " + token).exchange()
                .expectStatus().isOk()
                .expectBody().jsonPath("$.components.mailOutbox.details.sending").isEqualTo(true);
        long deadline = System.nanoTime() + 15_000_000_000L;
        while (pendingInHealth() != 1) {
            assertThat(System.nanoTime()).as("pending count shown in time").isLessThan(deadline);
            Thread.sleep(50);
        }
        web.get().uri("/actuator/health").exchange()
                .expectStatus().isOk()
                .expectBody().jsonPath("$.components").doesNotExist();
    }

    private int pendingInHealth() {
        Integer pending = web.get().uri("/actuator/health").header(HttpHeaders.AUTHORIZATION, "Token " + token)
                .exchange().expectBody(Map.class).returnResult().getResponseBody() instanceof Map<?, ?> body
                && body.get("components") instanceof Map<?, ?> components
                && components.get("mailOutbox") instanceof Map<?, ?> mail
                && mail.get("details") instanceof Map<?, ?> details
                && details.get("pending") instanceof Integer n ? n : -1;
        return pending;
    }

    @Test
    void createWhenEmailTakenThenNoMailRecorded() throws Exception {
        create("Ada", "Lovelace", "ada@example.com").expectStatus().isCreated();
        create("Other", "Person", "ADA@example.com").expectStatus().isEqualTo(409);
        assertThat(outboxRows()).isEqualTo(1);
    }

    @Test
    void createWhenNameCarriesHeaderInjectionThenNoHeaderAndNoRecipientAdded() throws Exception {
        create("Eve\r\nBcc: attacker@example.com", "X", "eve@example.com").expectStatus().isCreated();
        smtp.start();
        awaitMail(1);
        waitUntilSent("eve@example.com");
        MimeMessage[] received = smtp.getReceivedMessages();
        assertThat(received).hasSize(1);
        assertThat(received[0].getAllRecipients()).extracting(Object::toString).containsExactly("eve@example.com");
        assertThat(received[0].getRecipients(Message.RecipientType.BCC)).isNull();
        assertThat(received[0].getHeader("Bcc")).isNull();
        assertThat(received[0].getSubject()).doesNotContain("\r", "\n").startsWith("Welcome, Eve");
    }

    @Test
    void createWhenSmtpServerStallsThenCreateAnswersBeforeTheMailIsAccepted() throws Exception {
        int realPort = FreePorts.belowEphemeralRange();
        GreenMail real = new GreenMail(new ServerSetup(realPort, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
        real.start();
        try (StallingRelay relay = new StallingRelay(SMTP_PORT, realPort)) {
            // The first create's email puts the dispatcher in the stalled SMTP conversation.
            create("Ann", "One", "one@example.com").expectStatus().isCreated();
            relay.awaitConnection();
            // With the dispatcher stuck talking to SMTP, creates still answer at once...
            create("Bob", "Two", "two@example.com").expectStatus().isCreated();
            // ...and nothing has been accepted by the mail server yet.
            assertThat(real.getReceivedMessages()).isEmpty();
            relay.release();
            assertThat(real.waitForIncomingEmail(15_000, 2)).isTrue();
        } finally {
            real.stop();
        }
    }

    /** An SMTP "server" that takes connections and says nothing until released, then relays to a real one. */
    private static final class StallingRelay implements AutoCloseable {
        private final ServerSocket server;
        private final java.util.concurrent.CountDownLatch connected = new java.util.concurrent.CountDownLatch(1);
        private final java.util.concurrent.CountDownLatch released = new java.util.concurrent.CountDownLatch(1);

        StallingRelay(int port, int target) throws IOException {
            server = new ServerSocket(port, 50, java.net.InetAddress.getByName("127.0.0.1"));
            Thread acceptor = new Thread(() -> {
                while (!server.isClosed()) {
                    try {
                        java.net.Socket client = server.accept();
                        connected.countDown();
                        new Thread(() -> relay(client, target)).start();
                    } catch (IOException e) {
                        return;
                    }
                }
            });
            acceptor.setDaemon(true);
            acceptor.start();
        }

        void awaitConnection() throws InterruptedException {
            assertThat(connected.await(15, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
        }

        void release() {
            released.countDown();
        }

        private void relay(java.net.Socket client, int target) {
            try (client; java.net.Socket upstream = new java.net.Socket("127.0.0.1", target)) {
                released.await();
                Thread up = new Thread(() -> pump(client, upstream));
                up.start();
                pump(upstream, client);
                up.join();
            } catch (IOException | InterruptedException e) {
                // the conversation ends
            }
        }

        private static void pump(java.net.Socket from, java.net.Socket to) {
            try {
                from.getInputStream().transferTo(to.getOutputStream());
                to.shutdownOutput();
            } catch (IOException e) {
                // closed
            }
        }

        @Override
        public void close() throws IOException {
            server.close();
        }
    }

    /** Waits for the mail, moving the dispatcher's clock on so that a send that failed is due again. */
    private void awaitMail(int count) {
        for (int i = 0; i < 30 && !smtp.waitForIncomingEmail(500, count); i++) {
            clock.advance(Duration.ofSeconds(1));
        }
        assertThat(smtp.getReceivedMessages()).hasSizeGreaterThanOrEqualTo(count);
    }

    private WebTestClient.ResponseSpec create(String first, String last, String email) {
        return web.post().uri("/clients").header(HttpHeaders.AUTHORIZATION, "Token " + token)
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("first_name", first, "last_name", last, "email", email))
                .exchange();
    }

    private void waitUntilSent(String recipient) throws Exception {
        long deadline = System.nanoTime() + 15_000_000_000L;
        while (!"sent".equals(outboxStatus(recipient))) {
            assertThat(System.nanoTime()).as("outbox row marked sent in time").isLessThan(deadline);
            Thread.sleep(50);
        }
    }

    private static String outboxStatus(String recipient) throws SQLException {
        try (Connection c = TestDatabase.connect(); var s = c.prepareStatement(
                "select status from mail_outbox where recipient = ?")) {
            s.setString(1, recipient);
            try (ResultSet r = s.executeQuery()) {
                return r.next() ? r.getString(1) : null;
            }
        }
    }

    private static long outboxRows() throws SQLException {
        try (Connection c = TestDatabase.connect(); var s = c.createStatement();
                ResultSet r = s.executeQuery("select count(*) from mail_outbox")) {
            r.next();
            return r.getLong(1);
        }
    }
}
