package org.clientsapi.permission;

import org.springframework.security.access.AccessDeniedException;

/**
 * A denial on its way to Spring Security's exception translation, which answers 401 when the
 * caller is anonymous and 403, with this message and code, when it is not.
 */
public class PermissionDeniedException extends AccessDeniedException {

    private final String code;

    public PermissionDeniedException(Decision decision) {
        super(decision.message());
        this.code = decision.code();
    }

    public String code() {
        return code;
    }

    /** Control flow, not a fault: its stack would be filled on every refused request and never read. */
    @Override
    public Throwable fillInStackTrace() {
        return this;
    }
}
