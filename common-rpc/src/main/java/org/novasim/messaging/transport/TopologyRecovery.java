package org.novasim.messaging.transport;

import java.time.Duration;
import java.util.List;

import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code nova.rpc.topology-recovery.*}: what a process does about its topology after a connection comes back.
 * oslo.messaging declares its queues and bindings once on the new connection and trusts the declare-ok; on a cluster
 * that has just lost a node, the surviving nodes' clean-up of the lost node's transient queues can delete the
 * re-declared queue or the topic exchange's route to it afterwards (docs/reliability.md), and nothing brings them
 * back. So the topology is asserted again a few times after each recovery, and whenever the broker hands back a
 * message addressed to one of this process's own bindings.
 *
 * @param enabled false does exactly what oslo.messaging 14 does: declare once on each new connection, nothing more
 * @param checks  when after a recovery the topology is asserted again: spanning the surviving nodes' clean-up, which
 *                starts when they see the node down (at once for a crash, within {@code net_ticktime} for a hang) and
 *                lasts about a millisecond per transient queue of the lost node
 */
public record TopologyRecovery(@DefaultValue("true") boolean enabled,
                               @DefaultValue({"3s", "10s", "30s", "75s"}) List<Duration> checks) {

    public static final TopologyRecovery DEFAULT = new TopologyRecovery(true,
            List.of(Duration.ofSeconds(3), Duration.ofSeconds(10), Duration.ofSeconds(30), Duration.ofSeconds(75)));
    /** oslo.messaging's behaviour, to watch its failure: declared once per new connection. */
    public static final TopologyRecovery OSLO = new TopologyRecovery(false, List.of());

    public TopologyRecovery {
        checks = checks == null ? List.of() : List.copyOf(checks);
        if (checks.stream().anyMatch(d -> d.isNegative() || d.isZero())) {
            throw new IllegalArgumentException("nova.rpc.topology-recovery.checks must be positive durations, not "
                    + checks);
        }
    }
}
