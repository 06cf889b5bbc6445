package org.clientsapi.mail;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ServerSocket;
import java.time.Clock;
import java.time.Duration;
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
        MailSettings settings = new MailSettings(true, "test@example.com", 3, 5, Duration.ofMillis(100),
                Duration.ofSeconds(1), Duration.ofMinutes(5));
        StaticListableBeanFactory senders = new StaticListableBeanFactory();
        senders.addBean("sender", sender);
        return new MailDispatcher(outbox, senders.getBeanProvider(JavaMailSender.class), settings,
                new MockEnvironment(), Clock.systemUTC(), new SimpleMeterRegistry());
    }

    private static String recipient(jakarta.mail.internet.MimeMessage message) {
        try {
            Address[] to = message.getAllRecipients();
            return to[0].toString();
        } catch (MessagingException e) {
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
