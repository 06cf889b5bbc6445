package org.clientsapi.auth;

/** The authenticated caller, as controllers see it. */
public record ApiUser(long id, String username, boolean staff) {
}
