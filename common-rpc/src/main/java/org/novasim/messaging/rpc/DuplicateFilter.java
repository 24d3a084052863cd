package org.novasim.messaging.rpc;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Remembers the last {@code capacity} {@code _unique_id}s a server saw, so that a message delivered twice is handled
 * once. oslo.messaging keeps 16; a busy server with a prefetch of hundreds needs more to catch a redelivery.
 */
final class DuplicateFilter {

    private final Map<String, Boolean> seen;

    DuplicateFilter(int capacity) {
        this.seen = new LinkedHashMap<>(capacity * 2, 0.75f, false) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
                return size() > capacity;
            }
        };
    }

    /** True the first time an id is seen; a message without an id is never a duplicate. */
    synchronized boolean firstTime(String uniqueId) {
        return uniqueId == null || seen.putIfAbsent(uniqueId, Boolean.TRUE) == null;
    }
}
