package org.clientsapi.importer;

import java.time.Instant;
import java.util.List;

/**
 * The outcome of checking a dump against the database: what to insert (the clients stay in
 * {@link StagedClients}, only counted here), how many records are already there, what is rejected and why, and notes worth telling that block nothing.
 */
record ImportPlan(List<DrfDump.User> users, List<NewToken> tokens, int clients, Counts present,
        List<Rejection> rejections, List<String> notes) {

    /** A token to insert for the user of this exact username (new with this import, or already here). */
    record NewToken(String key, String username, Instant created) {
    }

    record Counts(int users, int tokens, int clients) {
    }
}
