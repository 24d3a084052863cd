package org.novasim.conductor.scheduler;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BooleanSupplier;

import org.springframework.dao.ConcurrencyFailureException;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

import org.novasim.conductor.db.InstanceRecords;
import org.novasim.conductor.db.PlacementRecords;
import org.novasim.conductor.db.PlacementRecords.Allocation;

/**
 * The scheduler's claims through placement, as Nova's {@code claim_resources}: an instance's host is set and its
 * allocation made in one transaction, or neither. Releases go with the instance change that ends the claim (ERROR,
 * deleted, sent back for a reschedule), in the same transaction, once. The host manager follows what committed.
 */
@Component
public class Claims {

    /** How a claim on one host ended. */
    public enum Outcome {
        /** The host is the instance's, its resources allocated. */
        CLAIMED,
        /** The host had no room any more (another claim came first): try the next one. */
        NO_ROOM,
        /** The instance is no longer a build waiting for a host (deleted meanwhile): nothing to place. */
        INSTANCE_GONE
    }

    private final PlacementRecords placement;
    private final InstanceRecords instances;
    private final HostManager hostManager;
    private final TransactionTemplate transactions;
    private final Clock clock;

    public Claims(PlacementRecords placement, InstanceRecords instances, HostManager hostManager,
                  TransactionTemplate transactions, Clock clock) {
        this.placement = placement;
        this.instances = instances;
        this.hostManager = hostManager;
        this.transactions = transactions;
        this.clock = clock;
    }

    /**
     * Claims the host for the instance, moving an allocation it still holds elsewhere (a reschedule). The instance
     * row is locked first, then the node, the same order as a release, so the two never deadlock.
     */
    public Outcome claim(String instanceUuid, HostState host, ResourceRequest request) {
        List<Allocation> moved = new ArrayList<>(1);
        Outcome outcome;
        try {
            outcome = transactions.execute(status -> {
                if (!instances.claim(instanceUuid, host.host(), host.nodename())) {
                    status.setRollbackOnly();
                    return Outcome.INSTANCE_GONE;
                }
                placement.release(instanceUuid).ifPresent(moved::add);
                if (!placement.allocate(host.nodeId(), instanceUuid, request, clock.instant())) {
                    status.setRollbackOnly();
                    return Outcome.NO_ROOM;
                }
                return Outcome.CLAIMED;
            });
        } catch (ConcurrencyFailureException e) {
            // The database gave up on the race (a lock timeout, H2's concurrent update): a conflict like any other.
            moved.clear();
            outcome = Outcome.NO_ROOM;
        }
        if (outcome == Outcome.CLAIMED) {
            moved.forEach(hostManager::released);
            hostManager.consumed(host.host(), request);
        } else if (outcome == Outcome.NO_ROOM) {
            hostManager.refresh(host.host());
        }
        return outcome;
    }

    /**
     * Runs an instance change and, in the same transaction, releases the instance's allocation if the change ends
     * its claim ({@link #endsClaim}).
     */
    public void update(String instanceUuid, Map<String, Object> updates, Runnable change) {
        if (!endsClaim(updates)) {
            change.run();
            return;
        }
        Optional<Allocation> released = transactions.execute(status -> {
            change.run();
            return placement.release(instanceUuid);
        });
        released.ifPresent(hostManager::released);
    }

    /** Runs a conditional change (a build put in ERROR) and releases the allocation only if it applied. */
    public boolean releaseIf(String instanceUuid, BooleanSupplier change) {
        List<Allocation> released = new ArrayList<>(1);
        Boolean applied = transactions.execute(status -> {
            if (!change.getAsBoolean()) {
                return false;
            }
            placement.release(instanceUuid).ifPresent(released::add);
            return true;
        });
        released.forEach(hostManager::released);
        return Boolean.TRUE.equals(applied);
    }

    /**
     * Whether an instance update gives the host's resources back: the instance is deleted, goes to ERROR, or
     * leaves its host (a reschedule, a failed build), as Nova then deletes the consumer's allocations.
     */
    public static boolean endsClaim(Map<String, Object> updates) {
        Object vmState = updates.get("vm_state");
        return Boolean.TRUE.equals(updates.get("deleted")) || "error".equals(String.valueOf(vmState))
                || "deleted".equals(String.valueOf(vmState)) || (updates.containsKey("host") && updates.get("host") == null);
    }
}
