package org.novasim.network;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;

/**
 * Each network's free addresses, lowest first, kept in memory beside the {@code fixed_ips} table: nova-network is
 * the table's only writer (one process), so an address taken here is nobody else's and its row is updated without a
 * race. Concurrent builds each take a different address at once instead of all reading the same lowest free row
 * and queueing on its lock.
 */
final class FreeAddresses {

    /** Per network, position in the pool to address. */
    private final Map<String, ConcurrentSkipListMap<Integer, String>> free = new ConcurrentHashMap<>();

    void add(String networkLabel, int position, String address) {
        free.computeIfAbsent(networkLabel, n -> new ConcurrentSkipListMap<>()).put(position, address);
    }

    /** Takes the lowest free address of the network; empty when its pool is exhausted. */
    Optional<FixedIpStore.Slot> take(String networkLabel) {
        ConcurrentSkipListMap<Integer, String> pool = free.get(networkLabel);
        Map.Entry<Integer, String> lowest = pool == null ? null : pool.pollFirstEntry();
        return lowest == null ? Optional.empty()
                : Optional.of(new FixedIpStore.Slot(networkLabel, lowest.getKey(), lowest.getValue()));
    }

    void giveBack(FixedIpStore.Slot slot) {
        add(slot.networkLabel(), slot.position(), slot.address());
    }

    long count(String networkLabel) {
        ConcurrentSkipListMap<Integer, String> pool = free.get(networkLabel);
        return pool == null ? 0 : pool.size();
    }
}
