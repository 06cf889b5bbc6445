package org.clientsapi.mail;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.core.env.Environment;
import org.springframework.mail.MailException;
import org.springframework.mail.javamail.JavaMailSender;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Sends due emails from the outbox, a batch per poll, on the scheduler's own thread: SMTP is
 * blocking I/O and never runs on an event loop. A failed send is retried with exponential backoff
 * and jitter; after {@code max-attempts} the email is dead until {@code retrymail}. Keeps the
 * pending and dead counts for metrics and health.
 */
@Component
class MailDispatcher {

    private static final Logger log = LoggerFactory.getLogger(MailDispatcher.class);
    private static final Duration WAIT = Duration.ofSeconds(30);

    private final Outbox outbox;
    private final ObjectProvider<JavaMailSender> senders;
    private final MailSettings settings;
    private final boolean enabled;
    private final Clock clock;
    private final AtomicLong pending = new AtomicLong();
    private final AtomicLong dead = new AtomicLong();
    private final AtomicBoolean offLogged = new AtomicBoolean();

    MailDispatcher(Outbox outbox, ObjectProvider<JavaMailSender> senders, MailSettings settings, Environment env,
            Clock clock, MeterRegistry meters) {
        this.outbox = outbox;
        this.senders = senders;
        this.settings = settings;
        this.enabled = settings.enabled() != null ? settings.enabled() : env.containsProperty("spring.mail.host");
        this.clock = clock;
        Gauge.builder("clients_api.mail.outbox", pending, AtomicLong::get).tag("status", "pending")
                .description("Welcome emails waiting to be sent").register(meters);
        Gauge.builder("clients_api.mail.outbox", dead, AtomicLong::get).tag("status", "dead")
                .description("Welcome emails given up on; retry with the retrymail task").register(meters);
    }

    @Scheduled(initialDelayString = "${clients-api.mail.poll-interval:PT1S}",
            fixedDelayString = "${clients-api.mail.poll-interval:PT1S}")
    void poll() {
        try {
            refreshCounts();
            JavaMailSender sender = enabled ? senders.getIfAvailable() : null;
            if (sender == null) {
                if (offLogged.compareAndSet(false, true)) {
                    log.info("Mail is off (set spring.mail.host to send): welcome emails stay in the outbox");
                }
                return;
            }
            dispatchDue(sender);
        } catch (RuntimeException e) {
            log.warn("Mail dispatch failed: {}", e.toString());
        }
    }

    /** Claims and sends one batch; returns how many were claimed. */
    int dispatchDue(JavaMailSender sender) {
        Instant now = clock.instant();
        List<OutboxMail> due = outbox.claim(settings.batchSize(), now, now.plus(settings.claimLease()))
                .collectList().block(WAIT);
        for (OutboxMail mail : due) {
            send(sender, mail);
        }
        return due.size();
    }

    long pending() {
        return pending.get();
    }

    long dead() {
        return dead.get();
    }

    boolean enabled() {
        return enabled;
    }

    private void send(JavaMailSender sender, OutboxMail mail) {
        try {
            sender.send(WelcomeMail.to(mail, settings.from()));
            outbox.markSent(mail.id(), clock.instant()).block(WAIT);
        } catch (MailException e) {
            String error = truncated(e.getMessage());
            if (mail.attempts() >= settings.maxAttempts()) {
                log.warn("Welcome email {} is dead after {} attempts: {}", mail.id(), mail.attempts(), error);
                outbox.markDead(mail.id(), error).block(WAIT);
            } else {
                outbox.retryAt(mail.id(), clock.instant().plus(backoff(mail.attempts())), error).block(WAIT);
            }
        }
    }

    /** firstRetry × 2^(attempts−1), capped at maxRetry, times a random factor in [0.5, 1.5) so retries spread. */
    Duration backoff(int attempts) {
        long base = settings.firstRetry().toMillis() << Math.min(attempts - 1, 30);
        long capped = Math.min(base, settings.maxRetry().toMillis());
        return Duration.ofMillis((long) (capped * (0.5 + ThreadLocalRandom.current().nextDouble())));
    }

    private void refreshCounts() {
        Outbox.Counts counts = outbox.counts().block(WAIT);
        pending.set(counts.pending());
        dead.set(counts.dead());
    }

    private static String truncated(String message) {
        String text = message == null ? "send failed" : message;
        return text.length() <= 500 ? text : text.substring(0, 500);
    }
}
