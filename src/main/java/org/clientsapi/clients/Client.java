package org.clientsapi.clients;

import java.time.Instant;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * A client as stored and as shown: the output record of the resource. Its version, which every
 * update moves, is not shown in the body but is its {@code ETag}.
 */
record Client(
        long id,
        @JsonProperty("first_name") String firstName,
        @JsonProperty("last_name") String lastName,
        String email,
        Instant created,
        Instant updated,
        @JsonIgnore long version) {

    String etag() {
        return "\"" + version + "\"";
    }
}
