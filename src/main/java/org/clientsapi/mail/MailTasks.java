package org.clientsapi.mail;

import java.io.PrintStream;
import java.time.Clock;
import java.time.Duration;

import org.springframework.stereotype.Component;

/** The {@code retrymail} command-line task: every dead email back to pending, due now. */
@Component
public class MailTasks {

    private final Outbox outbox;
    private final Clock clock;

    MailTasks(Outbox outbox, Clock clock) {
        this.outbox = outbox;
        this.clock = clock;
    }

    public int retryDead(PrintStream out) {
        Long count = outbox.retryDead(clock.instant()).block(Duration.ofSeconds(30));
        out.println("Queued " + count + " dead email(s) for another try.");
        return 0;
    }
}
