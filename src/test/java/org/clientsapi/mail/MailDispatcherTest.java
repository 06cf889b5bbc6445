package org.clientsapi.mail;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ServerSocket;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import jakarta.mail.Address;
import jakarta.mail.MessagingException;
import org.clientsapi.support.ApiTest;
import org.clientsapi.support.TestDatabase;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.support.StaticListableBeanFactory;
import org.springframework.mail.javamail.JavaMailSender;
import org.springframework.mail.javamail.JavaMailSenderImpl;
import org.springframework.mock.env.MockEnvironment;

/**
 * Dispatchers as several instances would run them: on one database, against one SMTP server.
 * The shared application's own dispatcher has mail off (no spring.mail.host), so only these send.
 */
@ApiTest
class MailDispatcherTest {

    @Autowired
    Outbox outbox;

    @Autowired
    MailTasks tasks;

    GreenMail smtp;
    JavaMailSenderImpl sender;

    @BeforeEach
    void start() {
        TestDatabase.truncateAll();
        int port = freePort();
        smtp = new GreenMail(new ServerSetup(port, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
        smtp.start();
        sender = new JavaMailSenderImpl();
        sender.setHost("127.0.0.1");
        sender.setPort(port);
    }

    @AfterEach
    void stop() {
        smtp.stop();
    }

    @Test
    void dispatchWhenTwoDispatchersRunConcurrentlyThenEachEmailSentExactlyOnce() throws Exception {
        TestDatabase.execute("insert into mail_outbox (recipient, first_name, last_name, next_attempt, created) "
                + "select 'c' || n || '@example.com', 'F' || n, 'L', now() - interval '1 second', now() "
                + "from generate_series(1, 50) n");
        MailDispatcher first = dispatcher();
        MailDispatcher second = dispatcher();

        CompletableFuture<Integer> a = CompletableFuture.supplyAsync(() -> drain(first));
        CompletableFuture<Integer> b = CompletableFuture.supplyAsync(() -> drain(second));
        assertThat(a.get() + b.get()).isEqualTo(50);

        assertThat(smtp.getReceivedMessages()).hasSize(50);
        assertThat(Arrays.stream(smtp.getReceivedMessages()).map(MailDispatcherTest::recipient).distinct())
                .hasSize(50);
    }

    @Test
    void dispatchWhenRowWrittenBeforeThisDispatcherExistedThenSent() {
        // The service stopped between the insert and the send: a dispatcher started later sends it.
        TestDatabase.execute("insert into mail_outbox (recipient, first_name, last_name, next_attempt, created) "
                + "values ('late@example.com', 'Late', 'Comer', now() - interval '1 second', now())");
        assertThat(drain(dispatcher())).isEqualTo(1);
        assertThat(smtp.getReceivedMessages()).extracting(MailDispatcherTest::recipient)
                .containsExactly("late@example.com");
    }

    @Test
    void dispatchWhenClaimantDiedThenAnotherSendsAfterTheLease() {
        TestDatabase.execute("insert into mail_outbox (recipient, first_name, last_name, next_attempt, created) "
                + "values ('orphan@example.com', 'Or', 'Phan', now() - interval '1 second', now())");
        Instant now = Instant.now();
        // Claimed by an instance that then died before sending or marking it.
        assertThat(outbox.claim(10, now, now.plusSeconds(60)).collectList().block()).hasSize(1);
        assertThat(drain(dispatcher(Clock.fixed(now.plusSeconds(30), ZoneOffset.UTC)))).isZero();
        assertThat(drain(dispatcher(Clock.fixed(now.plusSeconds(61), ZoneOffset.UTC)))).isEqualTo(1);
        assertThat(smtp.getReceivedMessages()).extracting(MailDispatcherTest::recipient)
                .containsExactly("orphan@example.com");
    }

    @Test
    void dispatchWhenSmtpRefusesPastMaxAttemptsThenDeadUntilRetrymail() {
        TestDatabase.execute("insert into mail_outbox (recipient, first_name, last_name, next_attempt, created) "
                + "values ('dead@example.com', 'De', 'Ad', now() - interval '1 second', now())");
        JavaMailSenderImpl nowhere = new JavaMailSenderImpl();
        nowhere.setHost("127.0.0.1");
        nowhere.setPort(freePort());
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        Instant start = Instant.now();
        for (int attempt = 0; attempt < 3; attempt++) {
            // Each attempt a minute later, past any backoff.
            dispatcher(Clock.fixed(start.plusSeconds(60L * attempt), ZoneOffset.UTC), meters).dispatchDue(nowhere);
        }
        assertThat(status("dead@example.com")).isEqualTo("dead");
        SimpleMeterRegistry countingMeters = new SimpleMeterRegistry();
        MailDispatcher counting = dispatcher(Clock.fixed(start.plusSeconds(600), ZoneOffset.UTC), countingMeters);
        counting.poll();
        assertThat(counting.dead()).isEqualTo(1);
        assertThat(countingMeters.get("clients_api.mail.outbox").tag("status", "dead").gauge().value()).isEqualTo(1.0);

        var out = new java.io.ByteArrayOutputStream();
        assertThat(tasks.retryDead(new java.io.PrintStream(out, true))).isZero();
        assertThat(out.toString()).contains("Queued 1 dead email(s)");
        assertThat(status("dead@example.com")).isEqualTo("pending");
        assertThat(drain(dispatcher())).isEqualTo(1);
        assertThat(status("dead@example.com")).isEqualTo("sent");
    }

    @Test
    void backoffWhenAttemptsGrowThenDoublesWithinJitterUpToTheCap() {
        MailDispatcher dispatcher = dispatcher();
        for (int attempt = 1; attempt <= 12; attempt++) {
            long nominal = Math.min(100L << (attempt - 1), 1_000L);
            Duration wait = dispatcher.backoff(attempt);
            assertThat(wait.toMillis()).isBetween(nominal / 2, nominal * 3 / 2);
        }
    }

    private int drain(MailDispatcher dispatcher) {
        int total = 0;
        int claimed;
        do {
            claimed = dispatcher.dispatchDue(sender);
            total += claimed;
        } while (claimed > 0);
        return total;
    }

    private MailDispatcher dispatcher() {
        return dispatcher(Clock.systemUTC());
    }

    private MailDispatcher dispatcher(Clock clock) {
        return dispatcher(clock, new SimpleMeterRegistry());
    }

    private MailDispatcher dispatcher(Clock clock, SimpleMeterRegistry meters) {
        MailSettings settings = new MailSettings(true, "test@example.com", 3, 5, Duration.ofMillis(100),
                Duration.ofSeconds(1), Duration.ofMinutes(5), 100);
        StaticListableBeanFactory senders = new StaticListableBeanFactory();
        senders.addBean("sender", sender);
        return new MailDispatcher(outbox, senders.getBeanProvider(JavaMailSender.class), settings,
                new MockEnvironment(), clock, meters);
    }

    private static String recipient(jakarta.mail.internet.MimeMessage message) {
        try {
            Address[] to = message.getAllRecipients();
            return to[0].toString();
        } catch (MessagingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String status(String recipient) {
        try (var c = TestDatabase.connect();
                var st = c.prepareStatement("select status from mail_outbox where recipient = ?")) {
            st.setString(1, recipient);
            try (var r = st.executeQuery()) {
                return r.next() ? r.getString(1) : null;
            }
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
