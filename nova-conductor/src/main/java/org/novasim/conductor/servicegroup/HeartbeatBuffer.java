package org.novasim.conductor.servicegroup;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.springframework.stereotype.Component;

import org.novasim.conductor.ConductorProperties;
import org.novasim.conductor.db.ServiceRecords;
import org.novasim.conductor.db.ServiceRecords.Heartbeat;
import org.novasim.messaging.RequestContext;
import org.novasim.nova.service.PeriodicTask;

/**
 * The computes' heartbeats ({@code Service.save()} with {@code report_count} one up), coalesced: a heartbeat of a
 * service whose row was seen is kept in memory, and those of the last {@code nova.conductor.heartbeat-flush-interval}
 * are written in one JDBC batch, so 2,000 hosts reporting every 10 s cost one batch a second instead of 200
 * transactions. Liveness is judged in tens of seconds ({@code service_down_time}), so a second's delay changes
 * nothing. A service's first heartbeat here is written at once (it proves the row is there); the pending ones are
 * written when the conductor stops.
 */
@Component
public class HeartbeatBuffer extends PeriodicTask {

    private final ServiceRecords services;
    private final Set<Long> known = ConcurrentHashMap.newKeySet();
    private final Map<Long, Heartbeat> pending = new ConcurrentHashMap<>();

    HeartbeatBuffer(ServiceRecords services, ConductorProperties properties) {
        super("heartbeat-flush", properties.heartbeatFlushInterval(), properties.heartbeatFlushInterval());
        this.services = services;
    }

    /** Marks a service's row as there: its next heartbeats are kept for the batch. */
    public void seen(long serviceId) {
        known.add(serviceId);
    }

    /**
     * Keeps a heartbeat of a service whose row was seen for the next batch; false when it was not seen (or was
     * found gone), and the caller writes it at once.
     */
    public boolean record(long serviceId, int reportCount, Instant at) {
        if (!known.contains(serviceId)) {
            return false;
        }
        pending.merge(serviceId, new Heartbeat(serviceId, reportCount, at),
                (older, newer) -> newer.reportCount() >= older.reportCount() ? newer : older);
        return true;
    }

    /** A heartbeat of the service not yet written, so that a read through the conductor sees it. */
    public Optional<Heartbeat> pending(long serviceId) {
        return Optional.ofNullable(pending.get(serviceId));
    }

    @Override
    protected void run(RequestContext context) {
        flush();
    }

    /** Writes what is pending; a service whose row is gone is written at once on its next heartbeat. */
    void flush() {
        List<Heartbeat> batch = new ArrayList<>(pending.size());
        for (Long id : List.copyOf(pending.keySet())) {
            Heartbeat beat = pending.remove(id);
            if (beat != null) {
                batch.add(beat);
            }
        }
        if (batch.isEmpty()) {
            return;
        }
        int[] updated = services.heartbeats(batch);
        for (int i = 0; i < updated.length; i++) {
            if (updated[i] == 0) {
                known.remove(batch.get(i).serviceId());
            }
        }
    }

    @Override
    public synchronized void stop() {
        super.stop();
        flush();
    }
}
