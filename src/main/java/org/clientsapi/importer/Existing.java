package org.clientsapi.importer;

import java.time.Instant;
import java.util.Locale;
import java.util.Map;

/**
 * What the database already holds that the dump could collide with, read after the tables are
 * locked. {@code folded} is PostgreSQL's own {@code lower()} of every username in the
 * dump, so that "the same without regard to case" means here exactly what the unique indexes mean.
 */
record Existing(Map<String, String> folded, Map<String, User> usersByFolded, Map<String, String> tokenOwners) {

    record User(String username, Instant created) {
    }

    String fold(String text) {
        return folded.getOrDefault(text, text.toLowerCase(Locale.ROOT));
    }
}
