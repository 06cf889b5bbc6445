package org.clientsapi.mail;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.stereotype.Component;

/** A line in the health details: how many welcome emails are pending and dead. Never DOWN: mail is not the API. */
@Component("mailOutbox")
class MailOutboxHealth implements HealthIndicator {

    private final MailDispatcher dispatcher;

    MailOutboxHealth(MailDispatcher dispatcher) {
        this.dispatcher = dispatcher;
    }

    @Override
    public Health health() {
        return Health.up()
                .withDetail("sending", dispatcher.enabled())
                .withDetail("pending", dispatcher.pending())
                .withDetail("dead", dispatcher.dead())
                .build();
    }
}
