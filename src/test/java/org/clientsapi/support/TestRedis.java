package org.clientsapi.support;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.GenericContainer;

/**
 * The one real Redis of a test run, chosen once per JVM as {@link TestDatabase} chooses PostgreSQL:
 * the server named by {@code REDIS_HOST}/{@code REDIS_PORT} when set (CI exports the machine's),
 * else a Testcontainers {@code redis:7-alpine} when Docker answers, else one answering on
 * 127.0.0.1:6379. When none is found the Redis tests are skipped, except in CI ({@code CI=true}),
 * where they fail: there they must run.
 * <p>
 * The Redis is shared with other test runs: tests use keys of their own (a random UUID in each)
 * and never flush or stop it. To take Redis away from a client, put a {@link Proxy} between them.
 */
public final class TestRedis implements BeforeAllCallback {

    private static final int DEFAULT_PORT = 6379;

    private static String host;
    private static int port;
    private static String missing;

    @Override
    public void beforeAll(ExtensionContext context) {
        start();
    }

    /** Chooses the Redis (once); skips the calling test when there is none, or fails it in CI. */
    public static synchronized void start() {
        if (host == null && missing == null) {
            choose();
        }
        if (host == null) {
            if ("true".equals(System.getenv("CI"))) {
                throw new IllegalStateException(missing + "; CI must run the Redis tests (see .ci/run)");
            }
            Assumptions.abort(missing + ": the Redis tests are skipped");
        }
    }

    public static String host() {
        start();
        return host;
    }

    public static int port() {
        start();
        return port;
    }

    /** A new proxy to this Redis, listening on a free loopback port. */
    public static Proxy proxy() {
        start();
        return new Proxy(host, port);
    }

    private static void choose() {
        String envHost = System.getenv("REDIS_HOST");
        if (envHost != null && !envHost.isBlank()) {
            String envPort = System.getenv("REDIS_PORT");
            int chosenPort = envPort == null || envPort.isBlank() ? DEFAULT_PORT : Integer.parseInt(envPort.trim());
            if (!answers(envHost, chosenPort)) {
                // Named explicitly, so a silent skip would hide a broken setup: fail everywhere.
                throw new IllegalStateException("REDIS_HOST/REDIS_PORT name " + envHost + ":" + chosenPort
                        + ", but no Redis answers PING there");
            }
            use(envHost, chosenPort);
        } else if (dockerAnswers()) {
            @SuppressWarnings("resource") // stopped by Testcontainers' reaper when the JVM ends
            GenericContainer<?> container = new GenericContainer<>("redis:7-alpine").withExposedPorts(DEFAULT_PORT);
            container.start();
            use(container.getHost(), container.getMappedPort(DEFAULT_PORT));
        } else if (answers("127.0.0.1", DEFAULT_PORT)) {
            use("127.0.0.1", DEFAULT_PORT);
        } else {
            missing = "No Redis: REDIS_HOST is not set, Docker does not answer and nothing answers on 127.0.0.1:"
                    + DEFAULT_PORT;
        }
    }

    private static void use(String chosenHost, int chosenPort) {
        host = chosenHost;
        port = chosenPort;
    }

    /** Whether a Redis answers {@code PING} there within a second. */
    static boolean answers(String host, int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(host, port), 1000);
            socket.setSoTimeout(1000);
            socket.getOutputStream().write("PING\r\n".getBytes(StandardCharsets.US_ASCII));
            socket.getOutputStream().flush();
            byte[] reply = new byte[7];
            int read = 0;
            while (read < reply.length) {
                int n = socket.getInputStream().read(reply, read, reply.length - read);
                if (n < 0) {
                    break;
                }
                read += n;
            }
            return new String(reply, 0, read, StandardCharsets.US_ASCII).equals("+PONG\r\n");
        } catch (IOException e) {
            return false;
        }
    }

    private static boolean dockerAnswers() {
        try {
            return DockerClientFactory.instance().isDockerAvailable();
        } catch (Throwable e) {
            return false;
        }
    }

    /**
     * A TCP proxy on a loopback port that forwards to Redis on threads of its own. {@link #cut()}
     * closes every connection and refuses new ones, as a Redis that went away would;
     * {@link #restore()} listens on the same port again. The real Redis is never touched.
     */
    public static final class Proxy implements AutoCloseable {

        private static final AtomicInteger THREADS = new AtomicInteger();

        private final String targetHost;
        private final int targetPort;
        private final int port;
        private final Set<Socket> sockets = ConcurrentHashMap.newKeySet();
        private ServerSocket server;
        private volatile boolean stalled;

        Proxy(String targetHost, int targetPort) {
            this.targetHost = targetHost;
            this.targetPort = targetPort;
            this.server = listen(0);
            this.port = server.getLocalPort();
            accept(server);
        }

        public String host() {
            return InetAddress.getLoopbackAddress().getHostAddress();
        }

        public int port() {
            return port;
        }

        /** Closes every connection through the proxy and refuses new ones until {@link #restore()}. */
        public synchronized void cut() {
            if (server == null) {
                return;
            }
            closeQuietly(server);
            server = null;
            sockets.forEach(Proxy::closeQuietly);
            sockets.clear();
        }

        /**
         * Keeps every connection open but forwards nothing, as a Redis that hangs (or a network
         * that drops packets) would, until {@link #unstall()}.
         */
        public void stall() {
            stalled = true;
        }

        public void unstall() {
            stalled = false;
        }

        /** Accepts and forwards connections again, on the same port. */
        public synchronized void restore() {
            if (server != null) {
                return;
            }
            server = listen(port);
            accept(server);
        }

        @Override
        public void close() {
            cut();
        }

        private static ServerSocket listen(int port) {
            try {
                ServerSocket socket = new ServerSocket();
                socket.setReuseAddress(true);
                socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 50);
                return socket;
            } catch (IOException e) {
                throw new IllegalStateException("The Redis proxy cannot listen on port " + port, e);
            }
        }

        private void accept(ServerSocket listening) {
            thread("accept", () -> {
                while (!listening.isClosed()) {
                    Socket client;
                    try {
                        client = listening.accept();
                    } catch (IOException e) {
                        return; // cut: the listening socket was closed
                    }
                    Socket upstream = new Socket();
                    try {
                        upstream.connect(new InetSocketAddress(targetHost, targetPort), 2000);
                    } catch (IOException e) {
                        closeQuietly(client);
                        closeQuietly(upstream);
                        continue;
                    }
                    if (!register(listening, client, upstream)) {
                        return;
                    }
                    thread("up", () -> pump(client, upstream));
                    thread("down", () -> pump(upstream, client));
                }
            });
        }

        /** Keeps the pair unless the proxy was cut meanwhile, in which case both are closed. */
        private synchronized boolean register(ServerSocket listening, Socket client, Socket upstream) {
            if (server != listening) {
                closeQuietly(client);
                closeQuietly(upstream);
                return false;
            }
            sockets.add(client);
            sockets.add(upstream);
            return true;
        }

        private void pump(Socket from, Socket to) {
            byte[] buffer = new byte[8192];
            try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
                int n;
                while ((n = in.read(buffer)) >= 0) {
                    while (stalled && !to.isClosed()) {
                        Thread.sleep(5);
                    }
                    out.write(buffer, 0, n);
                    out.flush();
                }
            } catch (IOException e) {
                // one side went away (or was cut): the pair ends
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                closeQuietly(from);
                closeQuietly(to);
                sockets.remove(from);
                sockets.remove(to);
            }
        }

        private static void thread(String role, Runnable body) {
            Thread thread = new Thread(body, "test-redis-proxy-" + role + "-" + THREADS.incrementAndGet());
            thread.setDaemon(true);
            thread.start();
        }

        private static void closeQuietly(AutoCloseable closeable) {
            try {
                closeable.close();
            } catch (Exception e) {
                // already closed
            }
        }
    }
}
