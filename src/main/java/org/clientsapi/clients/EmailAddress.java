package org.clientsapi.clients;

import java.net.IDN;
import java.util.regex.Pattern;

/**
 * Email syntax by the rules of Django's {@code EmailValidator}, which DRF's {@code EmailField} uses:
 * a dot-atom or quoted local part; a domain of dot-separated labels with a top-level label of at
 * least two characters (international names allowed), {@code localhost}, or a bracketed IP literal.
 */
final class EmailAddress {

    private static final Pattern LOCAL_PART = Pattern.compile(
            "[-!#$%&'*+/=?^_`{}|~0-9A-Za-z]+(\\.[-!#$%&'*+/=?^_`{}|~0-9A-Za-z]+)*"
                    + "|\"([\\x01-\\x08\\x0b\\x0c\\x0e-\\x1f!#-\\[\\]-\\x7f]|\\\\[\\x01-\\x09\\x0b\\x0c\\x0e-\\x7f])*\"");
    private static final Pattern DOMAIN = Pattern.compile(
            "((?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\\.)+)(?:[A-Za-z0-9-]{2,63}(?<!-))");
    private static final Pattern IPV4_LITERAL = Pattern.compile(
            "\\[((25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)\\.){3}(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)]");

    private EmailAddress() {
    }

    static boolean isValid(String email) {
        int at = email.lastIndexOf('@');
        if (at <= 0 || at == email.length() - 1 || email.length() > 320) {
            return false;
        }
        String local = email.substring(0, at);
        String domain = email.substring(at + 1);
        return LOCAL_PART.matcher(local).matches() && validDomain(domain);
    }

    private static boolean validDomain(String domain) {
        if (domain.equals("localhost") || IPV4_LITERAL.matcher(domain).matches()) {
            return true;
        }
        if (DOMAIN.matcher(domain).matches()) {
            return true;
        }
        try {
            String ascii = IDN.toASCII(domain, IDN.USE_STD3_ASCII_RULES);
            return !ascii.equals(domain) && DOMAIN.matcher(ascii).matches();
        } catch (IllegalArgumentException e) {
            return false;
        }
    }
}
