package org.clientsapi.clients;

import org.clientsapi.web.InputFields;

/**
 * A client as a caller submits it, once it has passed the input rules: names required, trimmed,
 * not blank, at most 30 characters; email required, valid, at most 254 characters.
 */
record ClientInput(String firstName, String lastName, String email) {

    static final int NAME_MAX = 30;
    static final int EMAIL_MAX = 254;

    /** Reads and checks every field, then throws one 400 naming all that are wrong (POST, PUT). */
    static ClientInput from(InputFields fields) {
        return read(fields, false);
    }

    /** Like {@link #from} for the fields present; an absent one is null, to be left as it is (PATCH). */
    static ClientInput partial(InputFields fields) {
        return read(fields, true);
    }

    private static ClientInput read(InputFields fields, boolean partial) {
        String firstName = partial && !fields.has("first_name") ? null
                : fields.requiredString("first_name", true, NAME_MAX);
        String lastName = partial && !fields.has("last_name") ? null
                : fields.requiredString("last_name", true, NAME_MAX);
        String email = partial && !fields.has("email") ? null : fields.requiredString("email", true, EMAIL_MAX);
        if (email != null && !EmailAddress.isValid(email)) {
            fields.reject("email", "Enter a valid email address.");
        }
        fields.throwIfInvalid();
        return new ClientInput(firstName, lastName, email);
    }
}
