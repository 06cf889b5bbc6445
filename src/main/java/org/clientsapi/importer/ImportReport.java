package org.clientsapi.importer;

import java.io.PrintStream;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

import org.clientsapi.importer.Rejection.Kind;

/** The summary printed by {@code importdrf}: counts per kind, then every rejected record with its reason. */
final class ImportReport {

    private ImportReport() {
    }

    static void print(ImportPlan plan, boolean written, PrintStream out) {
        String verb = written ? "Imported" : "Would import";
        out.println(verb + ": " + counts(plan.users().size(), plan.tokens().size(), plan.clients()) + ".");
        out.println("Already present: " + counts(plan.present().users(), plan.present().tokens(),
                plan.present().clients()) + ".");
        if (!plan.rejections().isEmpty()) {
            Map<Kind, Integer> perKind = new EnumMap<>(Kind.class);
            plan.rejections().forEach(rejection -> perKind.merge(rejection.kind(), 1, Integer::sum));
            List<String> parts = perKind.entrySet().stream().map(e -> e.getValue() + " " + e.getKey().plural).toList();
            out.println((written ? "Skipped" : "Conflicts") + ": " + String.join(", ", parts) + ".");
            plan.rejections().forEach(rejection -> out.println("  " + rejection));
        }
        plan.notes().forEach(out::println);
    }

    private static String counts(int users, int tokens, int clients) {
        return users + " users, " + tokens + " tokens, " + clients + " clients";
    }
}
