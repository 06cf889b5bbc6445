import io.micrometer.context.ContextRegistry;
import org.slf4j.MDC;
import reactor.core.publisher.Hooks;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import reactor.util.context.Context;

/**
 * What Reactor's automatic context propagation (spring.reactor.context-propagation=auto, which puts
 * the request id in the MDC on every thread) costs a request-like pipeline: 21 operators, on one
 * thread and with one hop to another, the hook on and off alternately in one JVM, median of 5.
 *
 *   ./mvnw -q dependency:build-classpath -Dmdep.outputFile=target/cp.txt
 *   java -cp "$(cat target/cp.txt)" bench/PropagationCost.java 200000
 */
public class PropagationCost {
    static Mono<Integer> request(boolean hop) {
        Mono<Integer> m = Mono.just(1);
        for (int i = 0; i < 10; i++) {
            m = m.flatMap(x -> Mono.just(x + 1)).map(x -> x * 1);
        }
        if (hop) {
            m = m.publishOn(Schedulers.parallel()).map(x -> x + (MDC.get("requestId") != null ? 1 : 0));
        }
        return m.contextWrite(Context.of("requestId", "0123456789abcdef"));
    }

    static double run(boolean hop, int n) {
        long start = System.nanoTime();
        long sum = 0;
        for (int i = 0; i < n; i++) {
            sum += request(hop).block();
        }
        if (sum == 42) System.out.println();
        return (System.nanoTime() - start) / (double) n;
    }

    public static void main(String[] args) {
        ContextRegistry.getInstance().registerThreadLocalAccessor("requestId", () -> MDC.get("requestId"),
                v -> MDC.put("requestId", v), () -> MDC.remove("requestId"));
        int n = Integer.parseInt(args[0]);
        for (boolean hop : new boolean[] { false, true }) {
            for (int w = 0; w < 3; w++) { Hooks.enableAutomaticContextPropagation(); run(hop, n); Hooks.disableAutomaticContextPropagation(); run(hop, n); }
            double[] auto = new double[5], limited = new double[5];
            for (int r = 0; r < 5; r++) {
                Hooks.enableAutomaticContextPropagation(); auto[r] = run(hop, n);
                Hooks.disableAutomaticContextPropagation(); limited[r] = run(hop, n);
            }
            java.util.Arrays.sort(auto); java.util.Arrays.sort(limited);
            System.out.printf("%s: median ns/request-pipeline auto=%.0f limited=%.0f (auto-limited=%.0f ns)%n",
                    hop ? "with a thread hop" : "same thread", auto[2], limited[2], auto[2] - limited[2]);
        }
    }
}
