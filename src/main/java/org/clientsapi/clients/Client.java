package org.clientsapi.clients;

import java.time.Instant;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/**
 * A client as stored and as shown: the output record of the resource. Its version, which every
 * update moves, is not shown in the body but is its {@code ETag}.
 */
@JsonPropertyOrder({ "id", "first_name", "last_name", "email", "created", "updated" })
record Client(
        long id,
        @JsonProperty("first_name") String firstName,
        @JsonProperty("last_name") String lastName,
        String email,
        @JsonIgnore Instant created,
        @JsonIgnore Instant updated,
        @JsonIgnore long version) {

    String etag() {
        return "\"" + version + "\"";
    }

    @JsonProperty("created")
    String createdText() {
        return Timestamps.format(created);
    }

    @JsonProperty("updated")
    String updatedText() {
        return Timestamps.format(updated);
    }
}
