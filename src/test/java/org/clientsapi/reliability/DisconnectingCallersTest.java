package org.clientsapi.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.netty.util.ResourceLeakDetector;
import io.r2dbc.pool.PoolMetrics;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * Callers that go away mid-request (a load generator stopping, a closed tab, a search cancelled
 * as the user types), at every point of a request. The trap (pgjdbc/r2dbc-postgresql#661, #459,
 * r2dbc/r2dbc-pool#140): a connection left with a query running or a result half read, holding
 * locks until the process ends. After thousands of cut requests, within a second: no session of
 * the service runs a query, the pool has lent out no connection, and DDL on the table proceeds.
 * Every buffer is tracked meanwhile (paranoid leak detection): Netty reports one never released,
 * once it is collected, with a LEAK line, and any such line fails the test.
 */
class DisconnectingCallersTest {

    static final int ROWS = 5_000;
    static final int REQUESTS = Integer.getInteger("faults.cut-requests", 3_000);
    static final int CALLERS = 32;
    /** Which kinds of request to cut (all by default): page, stream, search, create. */
    static final List<String> KINDS = List.of(System.getProperty("faults.cut-kinds", "page,stream,search,create")
            .split(","));

    static ServiceOnOwnDatabase service;
    static int port;
    static final ListAppender<ILoggingEvent> leaks = new ListAppender<>();
    static ResourceLeakDetector.Level leakLevel;

    @BeforeAll
    static void start() {
        // set here rather than as -Dio.netty.leakDetection.level: Netty reads that property once per
        // JVM, and another test class may have loaded it already
        leakLevel = ResourceLeakDetector.getLevel();
        ResourceLeakDetector.setLevel(ResourceLeakDetector.Level.PARANOID);
        // the outbox poll would borrow a connection every second and blur the pool's count
        service = ServiceOnOwnDatabase.start("--clients-api.mail.poll-interval=PT1H");
        // after the start: Spring Boot resets Logback's configuration as the application starts
        leaks.start();
        leakLogger().addAppender(leaks);
        port = Integer.parseInt(service.base.substring(service.base.lastIndexOf(':') + 1));
        service.postgres.execute("insert into clients (first_name, last_name, email, created, updated) "
                + "select 'First' || g, 'Last' || g, 'client' || g || '@example.com', now(), now() "
                + "from generate_series(1, " + ROWS + ") g");
    }

    @AfterAll
    static void stop() {
        try {
            if (service != null) {
                service.close();
            }
        } finally {
            leakLogger().detachAppender(leaks);
            ResourceLeakDetector.setLevel(leakLevel);
        }
    }

    static Logger leakLogger() {
        return ((LoggerContext) LoggerFactory.getILoggerFactory()).getLogger(ResourceLeakDetector.class);
    }

    @Test
    void thousandsOfRequestsCutAtRandomMomentsThenNoQueryLeftRunningPoolEmptyAndDdlProceeds() throws Exception {
        Calls calls = new Calls(service.base, service.token);
        DatabaseFaultsTest.warmUp(calls);
        AtomicInteger cut = new AtomicInteger();
        AtomicInteger completed = new AtomicInteger();
        ExecutorService callers = Executors.newFixedThreadPool(CALLERS);
        for (int i = 0; i < REQUESTS; i++) {
            callers.submit(() -> {
                if (callAndHangUp()) {
                    completed.incrementAndGet();
                } else {
                    cut.incrementAndGet();
                }
            });
        }
        callers.shutdown();
        boolean finished = callers.awaitTermination(3, TimeUnit.MINUTES);
        long ended = System.nanoTime();
        if (!finished) {
            System.out.printf("cut callers still running after 3 min: %d done; busy sessions %s; %d lent out%n",
                    cut.get() + completed.get(), busySessions(), service.pool().getMetrics().orElseThrow().acquiredSize());
            callers.shutdownNow();
        }
        assertThat(finished).as("callers finished").isTrue();

        // within a second of the last caller leaving
        List<String> busy;
        PoolMetrics metrics = service.pool().getMetrics().orElseThrow();
        do {
            busy = busySessions();
            if (busy.isEmpty() && metrics.acquiredSize() == 0) {
                break;
            }
            Thread.sleep(50);
        } while (System.nanoTime() - ended < 1_000_000_000L);
        long settledMillis = (System.nanoTime() - ended) / 1_000_000;
        if (!busy.isEmpty() || metrics.acquiredSize() != 0) {
            // not settled within the bound: how long it takes, if ever (for the report)
            List<String> still = busy;
            while ((!still.isEmpty() || metrics.acquiredSize() != 0) && System.nanoTime() - ended < 15_000_000_000L) {
                Thread.sleep(200);
                still = busySessions();
            }
            System.out.printf("cut callers: not settled after 1 s; after %d ms: busy %s, %d lent out%n",
                    (System.nanoTime() - ended) / 1_000_000, still, metrics.acquiredSize());
        }
        System.out.printf("cut callers: %d requests (%d cut before the response ended, %d read to the end); "
                        + "after %d ms: %d busy sessions %s, %d pooled connections lent out%n",
                REQUESTS, cut.get(), completed.get(), settledMillis, busy.size(), busy, metrics.acquiredSize());

        assertThat(busy).as("sessions of the service with a query running or a transaction open").isEmpty();
        assertThat(metrics.acquiredSize()).as("pooled connections lent out").isZero();
        assertThat(cut.get()).as("requests actually cut mid-way").isGreaterThan(REQUESTS / 2);
        try (Connection connection = service.postgres.connect(); Statement statement = connection.createStatement()) {
            connection.setAutoCommit(false);
            statement.execute("set local lock_timeout = '2s'");
            statement.execute("lock table clients, idempotency_keys, mail_outbox in access exclusive mode");
            connection.rollback();
        }
        // and the service still answers
        assertThat(calls.list().status()).isEqualTo(200);
        assertThat(calls.create().status()).isEqualTo(201);
        assertNoBufferLeaked(calls);
    }

    /**
     * Netty reports a leak when it allocates a tracked buffer after the garbage collector has found
     * an unreleased one: collect, then make the service allocate, a few times over.
     */
    static void assertNoBufferLeaked(Calls calls) throws InterruptedException {
        for (int round = 0; round < 5; round++) {
            System.gc();
            Thread.sleep(200);
            for (int i = 0; i < 20; i++) {
                calls.list();
            }
        }
        List<String> reports = leaks.list.stream().map(ILoggingEvent::getFormattedMessage)
                .filter(message -> message.contains("LEAK")).toList();
        reports.stream().limit(3).forEach(System.out::println);
        assertThat(reports).as("Netty LEAK reports (buffers never released)").isEmpty();
    }

    /** Sessions of the service (its application_name) that are not idle, with their state and query. */
    static List<String> busySessions() throws SQLException {
        List<String> busy = new ArrayList<>();
        try (Connection connection = service.postgres.connect(); Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery("select state, wait_event, left(query, 200) from pg_stat_activity "
                        + "where application_name = 'clients-api' and state <> 'idle'")) {
            while (rows.next()) {
                busy.add(rows.getString(1) + "/" + rows.getString(2) + ": " + rows.getString(3));
            }
        }
        return busy;
    }

    /**
     * One request of a random kind, given up at a random moment: after 0 to 50 ms without reading,
     * or after reading a random number of bytes; the socket closed with a FIN or a RST. Returns
     * whether the response was read to its end before hanging up.
     */
    private static boolean callAndHangUp() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
            socket.setSoTimeout(5_000);
            if (random.nextBoolean()) {
                socket.setSoLinger(true, 0);
            }
            OutputStream out = socket.getOutputStream();
            out.write(randomRequest(random).getBytes(StandardCharsets.UTF_8));
            out.flush();
            if (random.nextBoolean()) {
                Thread.sleep(random.nextInt(51));
                return false;
            }
            int budget = random.nextInt(1, 400_000);
            InputStream in = socket.getInputStream();
            byte[] buffer = new byte[Math.min(budget, 16_384)];
            int read = 0;
            while (read < budget) {
                int n = in.read(buffer, 0, Math.min(buffer.length, budget - read));
                if (n < 0) {
                    return true;
                }
                read += n;
            }
            return false;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static String randomRequest(ThreadLocalRandom random) {
        String auth = "Authorization: Token " + service.token + "\r\n";
        // the server ends the connection after the response, so a caller reading it all sees its end
        String host = "Host: 127.0.0.1:" + port + "\r\nConnection: close\r\n";
        return switch (KINDS.get(random.nextInt(KINDS.size()))) {
            case "page" -> "GET /clients?limit=1000 HTTP/1.1\r\n" + host + auth + "\r\n";
            case "stream" -> "GET /clients HTTP/1.1\r\n" + host + auth + "Accept: application/x-ndjson\r\n\r\n";
            case "search" -> "GET /clients?limit=100&search=" + random.nextInt(1, 500) + " HTTP/1.1\r\n" + host + auth
                    + "\r\n";
            default -> {
                String body = "{\"first_name\":\"Cut\",\"last_name\":\"Caller\",\"email\":\"cut-" + UUID.randomUUID()
                        + "@example.com\"}";
                String key = random.nextBoolean() ? "Idempotency-Key: " + UUID.randomUUID() + "\r\n" : "";
                yield "POST /clients HTTP/1.1\r\n" + host + auth + key + "Content-Type: application/json\r\n"
                        + "Content-Length: " + body.getBytes(StandardCharsets.UTF_8).length + "\r\n\r\n" + body;
            }
        };
    }
}
