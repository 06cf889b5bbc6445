package org.clientsapi.mail;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.stereotype.Component;

/**
 * How many welcome emails one user's creates may send a UTC day ({@code daily-quota-per-user}):
 * every create mails an address of the caller's choosing, and without a bound one token could
 * mail anyone, without end. The count is kept with the client (ClientRepository); past the quota
 * the client is still created, its email is never written, and the skip is counted here.
 */
@Component
public final class WelcomeMailQuota {

    private final int perDay;
    private final Counter skipped;

    WelcomeMailQuota(MailSettings settings, MeterRegistry meters) {
        this.perDay = settings.dailyQuotaPerUser();
        this.skipped = Counter.builder("clients_api.mail.skipped").tag("reason", "quota")
                .description("Welcome emails not sent: the creating user's daily quota was used up")
                .register(meters);
    }

    /** Welcome emails a user may cause per UTC day; 0 sends none. */
    public int perDay() {
        return perDay;
    }

    public void skipped() {
        skipped.increment();
    }
}
