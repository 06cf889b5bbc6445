package org.clientsapi.web;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * An RFC 9457 problem body. {@code detail} carries DRF's text so that clients written for DRF
 * keep working; {@code code} is DRF's error code; {@code errors} lists input errors by field.
 */
public record Problem(
        String type,
        String title,
        int status,
        String detail,
        String instance,
        String code,
        @JsonInclude(JsonInclude.Include.NON_NULL) Map<String, List<String>> errors) {
}
