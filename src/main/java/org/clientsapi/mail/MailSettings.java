package org.clientsapi.mail;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code clients-api.mail.*}. {@code enabled} defaults to whether {@code spring.mail.host} is set;
 * with mail off the outbox still fills and nothing is lost. {@code dailyQuotaPerUser}: see WelcomeMailQuota.
 */
@ConfigurationProperties("clients-api.mail")
public record MailSettings(
        Boolean enabled,
        @DefaultValue("clients-api@localhost") String from,
        @DefaultValue("8") int maxAttempts,
        @DefaultValue("10") int batchSize,
        @DefaultValue("2s") Duration firstRetry,
        @DefaultValue("1h") Duration maxRetry,
        @DefaultValue("5m") Duration claimLease,
        @DefaultValue("100") int dailyQuotaPerUser) {

    public MailSettings {
        if (dailyQuotaPerUser < 0) {
            throw new IllegalArgumentException(
                    "clients-api.mail.daily-quota-per-user must be 0 or more, not " + dailyQuotaPerUser);
        }
    }
}
