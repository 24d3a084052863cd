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
import org.springframework.transaction.support.TransactionTemplate;

import org.novasim.messaging.RequestContext;
import org.novasim.messaging.rpc.RpcEndpoint;
import org.novasim.nova.exception.NoMoreFixedIps;
import org.novasim.nova.network.Ip;
import org.novasim.nova.network.Network;
import org.novasim.nova.network.NetworkRpcApi;
import org.novasim.nova.network.Subnet;
import org.novasim.nova.network.Vif;

/**
 * nova-network's RPC endpoint, as legacy Nova's {@code NetworkManager} (flat networks): an instance gets one VIF
 * with a fixed IP on every configured network. Asking again for the same instance returns what it already holds.
 */
@Component
@RpcEndpoint(topic = NetworkRpcApi.TOPIC_PLACEHOLDER, version = "1.17")
public class NetworkManager {

    private static final Logger log = LoggerFactory.getLogger(NetworkManager.class);

    private final FixedIpStore store;
    private final TransactionTemplate transaction;
    private final List<NetworkProperties.NetworkDefinition> networks;
    /**
     * One allocation at a time, transaction and all: concurrent ones would all pick the same lowest free address and
     * queue on its row lock (16 clients booting 1,000 servers timed out that way). nova-network is one process, and
     * an allocation takes a millisecond or two.
     */
    private final ReentrantLock allocating = new ReentrantLock();

    NetworkManager(FixedIpStore store, TransactionTemplate transaction, NetworkProperties properties) {
        this.store = store;
        this.transaction = transaction;
        this.networks = properties.networks();
        for (NetworkProperties.NetworkDefinition network : networks) {
            int added = store.seed(network.label(), Ipv4Range.parse(network.cidr()).instanceAddresses());
            log.info("network {} ({}): {} addresses added to the pool, {} free", network.label(), network.cidr(),
                    added, store.freeCount(network.label()));
        }
    }

    public List<Vif> allocateForInstance(RequestContext context, String instanceId, @Nullable String projectId,
                                         @Nullable String host, @Nullable Double rxtxFactor, @Nullable Boolean vpn,
                                         @Nullable List<Object> requestedNetworks, @Nullable List<String> macs) {
        List<FixedIp> held;
        allocating.lock();
        try {
            held = allocate(instanceId, projectId, host);
        } finally {
            allocating.unlock();
        }
        return held.stream().map(this::vif).toList();
    }

    private List<FixedIp> allocate(String instanceId, String projectId, String host) {
        return transaction.execute(status -> {
            List<FixedIp> existing = store.heldBy(instanceId);
            if (!existing.isEmpty()) {
                return existing;
            }
            for (NetworkProperties.NetworkDefinition network : networks) {
                String vifId = UUID.randomUUID().toString();
                String address = store.claim(network.label(), instanceId, vifId, randomMac(), projectId, host)
                        .orElseThrow(() -> new NoMoreFixedIps(network.label()));
                log.info("allocated {} on {} to instance {}", address, network.label(), instanceId);
            }
            return store.heldBy(instanceId);
        });
    }

    /** Frees the instance's addresses. Takes version 1.0's {@code instance_id} or 1.11's {@code instance}. */
    public void deallocateForInstance(RequestContext context, @Nullable String instanceId, @Nullable String projectId,
                                      @Nullable String host, @Nullable Map<String, Object> instance,
                                      @Nullable Object requestedNetworks) {
        String id = instanceId != null ? instanceId : instanceUuid(instance);
        int released = store.release(id);
        log.info("released {} addresses of instance {}", released, id);
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

    @SuppressWarnings("unchecked")
    private static String instanceUuid(Map<String, Object> instance) {
        if (instance == null) {
            throw new IllegalArgumentException("deallocate_for_instance needs instance_id or instance");
        }
        Object data = instance.get("nova_object.data");
        Map<String, Object> fields = data instanceof Map<?, ?> map ? (Map<String, Object>) map : instance;
        return String.valueOf(fields.get("uuid"));
    }
}
