package org.novasim.network;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.locks.ReentrantLock;
import java.util.concurrent.ThreadLocalRandom;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import org.novasim.messaging.RequestContext;
import org.novasim.messaging.rpc.Kwargs;
import org.novasim.messaging.rpc.RpcEndpoint;
import org.novasim.nova.exception.NoMoreFixedIps;
import org.novasim.nova.network.Ip;
import org.novasim.nova.network.Network;
import org.novasim.nova.network.NetworkRpcApi;
import org.novasim.nova.network.Subnet;
import org.novasim.nova.network.Vif;
import org.novasim.nova.objects.Instance;
import org.novasim.nova.objects.NetworkRequestList;

/**
 * nova-network's RPC endpoint, as legacy Nova's {@code NetworkManager} (flat networks): an instance gets one VIF
 * with a fixed IP on every configured network. Asking again for the same instance returns what it already holds.
 */
@Component
@RpcEndpoint(topic = NetworkRpcApi.TOPIC_PLACEHOLDER, version = "1.17")
public class NetworkManager {

    private static final Logger log = LoggerFactory.getLogger(NetworkManager.class);

    private final FixedIpStore store;
    private final List<NetworkProperties.NetworkDefinition> networks;
    private final FreeAddresses free = new FreeAddresses();
    /** One call at a time per instance, so that a call retried while the first still runs cannot take two. */
    private final ReentrantLock[] instanceLocks = new ReentrantLock[64];

    NetworkManager(FixedIpStore store, NetworkProperties properties) {
        this.store = store;
        this.networks = properties.networks();
        for (int i = 0; i < instanceLocks.length; i++) {
            instanceLocks[i] = new ReentrantLock();
        }
        for (NetworkProperties.NetworkDefinition network : networks) {
            int added = store.seed(network.label(), Ipv4Range.parse(network.cidr()).instanceAddresses());
            log.info("network {} ({}): {} addresses added to the pool", network.label(), network.cidr(), added);
        }
        store.free().forEach(slot -> free.add(slot.networkLabel(), slot.position(), slot.address()));
        networks.forEach(n -> log.info("network {}: {} addresses free", n.label(), free.count(n.label())));
    }

    /**
     * Nova's endpoint takes {@code **kwargs} (it reads what it knows, such as {@code dhcp_options}, and ignores
     * the rest): so does this one, rather than refuse an argument a newer caller adds.
     */
    public List<Vif> allocateForInstance(RequestContext context, String instanceId, @Nullable String projectId,
                                         @Nullable String host, @Nullable Double rxtxFactor, @Nullable Boolean vpn,
                                         @Nullable NetworkRequestList requestedNetworks, @Nullable List<String> macs,
                                         @Kwargs Map<String, Object> kwargs) {
        ReentrantLock lock = lockOf(instanceId);
        lock.lock();
        try {
            List<FixedIp> existing = store.heldBy(instanceId);
            if (existing.isEmpty()) {
                allocate(instanceId, projectId, host);
                existing = store.heldBy(instanceId);
            }
            return existing.stream().map(this::vif).toList();
        } finally {
            lock.unlock();
        }
    }

    /** A VIF with a fixed IP on every network, or none at all: what was taken goes back if a pool is exhausted. */
    private void allocate(String instanceId, String projectId, String host) {
        List<FixedIpStore.Slot> taken = new ArrayList<>();
        try {
            for (NetworkProperties.NetworkDefinition network : networks) {
                FixedIpStore.Slot slot = take(network.label(), instanceId, projectId, host);
                taken.add(slot);
                log.info("allocated {} on {} to instance {}", slot.address(), network.label(), instanceId);
            }
        } catch (RuntimeException e) {
            store.release(instanceId);
            taken.forEach(free::giveBack);
            throw e;
        }
    }

    private FixedIpStore.Slot take(String networkLabel, String instanceId, String projectId, String host) {
        while (true) {
            FixedIpStore.Slot slot = free.take(networkLabel).orElseThrow(() -> new NoMoreFixedIps(networkLabel));
            if (store.take(slot, instanceId, UUID.randomUUID().toString(), randomMac(), projectId, host)) {
                return slot;
            }
            // Its row was not free after all (changed by hand): leave it out of the pool.
        }
    }

    /** Frees the instance's addresses. Takes version 1.0's {@code instance_id} or 1.11's {@code instance}. */
    public void deallocateForInstance(RequestContext context, @Nullable String instanceId, @Nullable String projectId,
                                      @Nullable String host, @Nullable Instance instance,
                                      @Nullable NetworkRequestList requestedNetworks) {
        if (instanceId == null && instance == null) {
            throw new IllegalArgumentException("deallocate_for_instance needs instance_id or instance");
        }
        String id = instanceId != null ? instanceId : instance.uuid();
        ReentrantLock lock = lockOf(id);
        lock.lock();
        try {
            List<FixedIpStore.Slot> held = store.slotsOf(id);
            int released = store.release(id);
            held.forEach(free::giveBack);
            log.info("released {} addresses of instance {}", released, id);
        } finally {
            lock.unlock();
        }
    }

    private ReentrantLock lockOf(String instanceId) {
        return instanceLocks[Math.floorMod(instanceId.hashCode(), instanceLocks.length)];
    }

    private Vif vif(FixedIp ip) {
        NetworkProperties.NetworkDefinition definition = networks.stream()
                .filter(n -> n.label().equals(ip.networkLabel())).findFirst()
                .orElseThrow(() -> new IllegalStateException("address " + ip.address() + " of unknown network "
                        + ip.networkLabel()));
        String gateway = Ipv4Range.parse(definition.cidr()).gateway();
        Subnet v4 = new Subnet(definition.cidr(), 4, Ip.gateway(gateway), List.of(Ip.dns(definition.dns())),
                List.of(), List.of(Ip.fixed(ip.address())), Map.of("dhcp_server", gateway));
        String networkId = UUID.nameUUIDFromBytes(definition.label().getBytes(StandardCharsets.UTF_8)).toString();
        Map<String, Object> networkMeta = ip.projectId() == null ? Map.of() : Map.of("tenant_id", ip.projectId());
        Network network = new Network(networkId, definition.bridge(), definition.label(),
                List.of(v4, Subnet.noIpv6()), networkMeta);
        return new Vif(ip.vifId(), ip.macAddress(), "bridge", Map.of(), null, null, null, null, false, "normal", null,
                false, Map.of(), network);
    }

    /** Nova's MAC prefix for instances, {@code fa:16:3e}, and three random bytes. */
    private static String randomMac() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        return String.format("fa:16:3e:%02x:%02x:%02x", random.nextInt(256), random.nextInt(256), random.nextInt(256));
    }
}
