package org.novasim.conductor.servicegroup;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.springframework.stereotype.Component;

import org.novasim.conductor.ConductorProperties;
import org.novasim.conductor.db.ServiceRecords;
import org.novasim.conductor.db.ServiceRecords.Heartbeat;
import org.novasim.messaging.RequestContext;
import org.novasim.nova.service.PeriodicTask;

/**
 * The services' heartbeats ({@code service_update}), coalesced: a known service's report is kept in memory and the
 * reports of the last {@code nova.conductor.heartbeat-flush-interval} are written in one JDBC batch, so 2,000 hosts
 * reporting every 10 s cost one batch a second instead of 200 transactions. Liveness is judged in tens of seconds
 * ({@code service_down_time}), so a second's delay changes nothing. A service's first report is written at once,
 * since it creates the row; the pending ones are written when the conductor stops.
 */
@Component
public class HeartbeatBuffer extends PeriodicTask {

    private record Key(String host, String binary) {
    }

    private final ServiceRecords services;
    private final Set<Key> known = ConcurrentHashMap.newKeySet();
    private final Map<Key, Heartbeat> pending = new ConcurrentHashMap<>();

    HeartbeatBuffer(ServiceRecords services, ConductorProperties properties) {
        super("heartbeat-flush", properties.heartbeatFlushInterval(), properties.heartbeatFlushInterval());
        this.services = services;
    }

    /** Records a heartbeat; true when it is the service's first (its row was created now). */
    public boolean record(String host, String binary, String topic, Instant at) {
        Key key = new Key(host, binary);
        if (!known.contains(key)) {
            boolean created = services.heartbeat(host, binary, topic, at);
            known.add(key);
            return created;
        }
        pending.merge(key, new Heartbeat(host, binary, topic, at, 1),
                (older, newer) -> new Heartbeat(host, binary, newer.topic(), newer.at(), older.count() + 1));
        return false;
    }

    @Override
    protected void run(RequestContext context) {
        flush();
    }

    /** Writes what is pending; a service whose row is gone is written at once on its next report. */
    void flush() {
        List<Heartbeat> batch = new ArrayList<>(pending.size());
        for (Key key : List.copyOf(pending.keySet())) {
            Heartbeat beat = pending.remove(key);
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
                known.remove(new Key(batch.get(i).host(), batch.get(i).binary()));
            }
        }
    }

    @Override
    public synchronized void stop() {
        super.stop();
        flush();
    }
}
