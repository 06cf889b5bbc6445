package org.clientsapi.mail;

/** One welcome email due to be sent, as claimed from the outbox. */
record OutboxMail(long id, String recipient, String firstName, String lastName, int attempts) {
}
