package org.clientsapi.support;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * HTTP/1.1 over a plain socket, byte for byte: what WebTestClient refuses to build (control bytes
 * and Latin-1 in header values, duplicate headers, raw characters in a path or query, invalid UTF-8
 * bodies) goes on the wire as given. One request a connection ({@code Connection: close}); the
 * response is read until the server closes.
 */
public final class RawHttp {

    private final int port;

    public RawHttp(int port) {
        this.port = port;
    }

    /** A response as read off the socket: status, headers in order (names lower-cased), body bytes. */
    /**
     * The server closed the connection while the request was still being written, and its answer,
     * if it sent one, was lost: TCP discards what the client has not read yet when the server closes
     * a connection with unread input. Only a request the server refuses without reading it can get this.
     */
    public static final class Unanswered extends IllegalStateException {
        Unanswered(String message) {
            super(message);
        }
    }

    public record Response(int status, List<String[]> headers, byte[] body) {

        public String header(String name) {
            return headers.stream().filter(h -> h[0].equals(name.toLowerCase(Locale.ROOT))).map(h -> h[1])
                    .findFirst().orElse(null);
        }

        public List<String> headers(String name) {
            return headers.stream().filter(h -> h[0].equals(name.toLowerCase(Locale.ROOT))).map(h -> h[1]).toList();
        }

        public String text() {
            return new String(body, StandardCharsets.UTF_8);
        }

        @Override
        public String toString() {
            StringBuilder out = new StringBuilder().append(status);
            headers.forEach(h -> out.append(" | ").append(h[0]).append(": ").append(h[1]));
            return out.append(" | ").append(Properties.describe(text())).toString();
        }
    }

    /**
     * Sends {@code head} (request line and header lines, each ending in CRLF, without the blank
     * line; written as ISO-8859-1 so that each char up to U+00FF is one byte) then the body.
     * {@code Connection: close} is added. {@code noBody} is for HEAD, whose answer has none.
     */
    public Response send(String head, byte[] body, boolean noBody) {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(30_000);
            OutputStream out = socket.getOutputStream();
            boolean sent = true;
            try {
                out.write((head + "Connection: close\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
                out.write(body);
                out.flush();
            } catch (SocketException e) {
                // the server may answer and close before it has read what it refuses: read that answer
                sent = false;
            }
            try {
                return parse(readAll(socket.getInputStream()), noBody);
            } catch (SocketException e) {
                if (!sent) {
                    throw new Unanswered("The server closed the connection before the request was written: " + e);
                }
                throw e;
            }
        } catch (IOException e) {
            throw new IllegalStateException("No HTTP response: " + e, e);
        }
    }

    /**
     * Sends exactly these bytes (nothing added: a request of another HTTP version, or one asking to
     * keep the connection open) and reads until the server closes the connection. Fails if it has
     * not closed it within {@code closeWithin} milliseconds.
     */
    public Response sendExactly(byte[] request, int closeWithin) {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(closeWithin);
            socket.getOutputStream().write(request);
            socket.getOutputStream().flush();
            return parse(readAll(socket.getInputStream()), false);
        } catch (IOException e) {
            throw new IllegalStateException("No HTTP response closed within " + closeWithin + " ms: " + e, e);
        }
    }

    private static byte[] readAll(InputStream in) throws IOException {
        ByteArrayOutputStream received = new ByteArrayOutputStream();
        byte[] buffer = new byte[8192];
        try {
            int n;
            while ((n = in.read(buffer)) >= 0) {
                received.write(buffer, 0, n);
            }
        } catch (SocketException e) {
            // reset after a complete answer (the server closed with our unread body pending): keep what came
            if (received.size() == 0) {
                throw e;
            }
        }
        return received.toByteArray();
    }

    private static Response parse(byte[] raw, boolean noBody) {
        String text = new String(raw, StandardCharsets.ISO_8859_1);
        int end = text.indexOf("\r\n\r\n");
        if (end < 0) {
            throw new IllegalStateException("No complete response head in " + Properties.describe(text));
        }
        String[] lines = text.substring(0, end).split("\r\n");
        int status = Integer.parseInt(lines[0].split(" ")[1]);
        List<String[]> headers = new ArrayList<>();
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            headers.add(new String[] { lines[i].substring(0, colon).strip().toLowerCase(Locale.ROOT),
                    lines[i].substring(colon + 1).strip() });
        }
        byte[] body = noBody || status == 204 || status == 304 ? new byte[0]
                : Arrays.copyOfRange(raw, end + 4, raw.length);
        boolean chunked = headers.stream()
                .anyMatch(h -> h[0].equals("transfer-encoding") && h[1].equalsIgnoreCase("chunked"));
        return new Response(status, headers, chunked && body.length > 0 ? dechunk(body) : body);
    }

    private static byte[] dechunk(byte[] chunked) {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        String text = new String(chunked, StandardCharsets.ISO_8859_1);
        int at = 0;
        while (true) {
            int lineEnd = text.indexOf("\r\n", at);
            int size = Integer.parseInt(text.substring(at, lineEnd).split(";")[0].strip(), 16);
            if (size == 0) {
                return body.toByteArray();
            }
            body.write(chunked, lineEnd + 2, size);
            at = lineEnd + 2 + size + 2;
        }
    }
}
