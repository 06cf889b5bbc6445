package org.clientsapi.importer;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

import org.clientsapi.importer.Rejection.Kind;

/** Records of the dump that collide with each other: all of them are rejected, none picked over another. */
final class Collisions {

    private Collisions() {
    }

    /** Records whose key appears more than once are all rejected: the dump contradicts itself. */
    static <T, K> List<T> unique(List<T> records, Function<T, K> key, String keyName, Kind kind,
            Function<T, String> label, List<Rejection> rejections) {
        Map<K, Long> counts = new HashMap<>();
        records.stream().map(key).filter(Objects::nonNull).forEach(k -> counts.merge(k, 1L, Long::sum));
        var kept = new ArrayList<T>();
        for (T record : records) {
            K k = key.apply(record);
            if (k != null && counts.get(k) > 1) {
                rejections.add(new Rejection(kind, label.apply(record), "its " + keyName + " appears "
                        + counts.get(k) + " times in the dump"));
            } else {
                kept.add(record);
            }
        }
        return kept;
    }

    /** Records equal without regard to case (allowed by Django, not here) are all rejected, each naming the others. */
    static <T> List<T> caseUnique(List<T> records, Function<T, String> folded, String field,
            Function<T, String> value, Kind kind, Function<T, String> label, List<Rejection> rejections) {
        Map<String, List<T>> groups = new LinkedHashMap<>();
        records.forEach(record -> groups.computeIfAbsent(folded.apply(record), f -> new ArrayList<>()).add(record));
        var kept = new ArrayList<T>();
        for (List<T> group : groups.values()) {
            if (group.size() == 1) {
                kept.add(group.get(0));
                continue;
            }
            for (T record : group) {
                List<String> others = group.stream().filter(other -> other != record).map(label).toList();
                rejections.add(new Rejection(kind, label.apply(record), "its " + field + " '" + value.apply(record)
                        + "' equals, without regard to case, that of " + String.join(", ", others) + " in the dump"));
            }
        }
        return kept;
    }
}
