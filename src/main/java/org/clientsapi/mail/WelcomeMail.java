package org.clientsapi.mail;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.springframework.core.io.ClassPathResource;
import org.springframework.mail.SimpleMailMessage;

/**
 * The welcome email, from the plain-text templates {@code mail/welcome-subject.txt} and
 * {@code mail/welcome-body.txt} with {@code {first_name}} and {@code {last_name}} filled in.
 * Names are escaped: control characters (CR and LF above all) become spaces, so a name can never
 * end the subject line and start a header of its own; the recipient is only ever the client's
 * validated address.
 */
final class WelcomeMail {

    private static final Pattern CONTROL = Pattern.compile("[\\p{Cc}\\p{Zl}\\p{Zp}]");
    private static final Pattern PLACEHOLDER = Pattern.compile("\\{(first_name|last_name)}");
    private static final String SUBJECT = template("mail/welcome-subject.txt").strip();
    private static final String BODY = template("mail/welcome-body.txt");

    private WelcomeMail() {
    }

    static SimpleMailMessage to(OutboxMail mail, String from) {
        SimpleMailMessage message = new SimpleMailMessage();
        message.setFrom(from);
        message.setTo(mail.recipient());
        message.setSubject(fill(SUBJECT, mail));
        message.setText(fill(BODY, mail));
        return message;
    }

    /** Every control character (C0, DEL, C1 such as NEL) and Unicode line or paragraph separator becomes a space. */
    static String escaped(String text) {
        return CONTROL.matcher(text).replaceAll(" ");
    }

    /** One pass over the template, so that a name containing a placeholder is kept as written. */
    private static String fill(String template, OutboxMail mail) {
        return PLACEHOLDER.matcher(template).replaceAll(match -> Matcher.quoteReplacement(
                escaped(match.group(1).equals("first_name") ? mail.firstName() : mail.lastName())));
    }

    private static String template(String path) {
        try (InputStream in = new ClassPathResource(path).getInputStream()) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + path, e);
        }
    }
}
