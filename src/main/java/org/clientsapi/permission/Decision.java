package org.clientsapi.permission;

/** A permission's answer: granted, or denied with the message and code the 403 body carries. */
public record Decision(boolean granted, String message, String code) {

    public static final String DEFAULT_MESSAGE = "You do not have permission to perform this action.";
    public static final String DEFAULT_CODE = "permission_denied";

    public static final Decision GRANTED = new Decision(true, null, null);
    public static final Decision DENIED = new Decision(false, DEFAULT_MESSAGE, DEFAULT_CODE);

    public static Decision denied(String message, String code) {
        return new Decision(false, message, code);
    }
}
