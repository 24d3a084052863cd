package org.novasim.nova.network;

import java.util.List;
import java.util.Map;

/**
 * A virtual interface, one element of Nova's {@code network_info} (a JSON list of these), as legacy nova-network's
 * {@code allocate_for_instance} returns it.
 *
 * @param address the MAC address
 */
public record Vif(String id, String address, String type, Map<String, Object> details, String devname,
                  String ovsInterfaceid, Object qbhParams, Object qbgParams, boolean active, String vnicType,
                  Object profile, boolean preserveOnDelete, Map<String, Object> meta, Network network) {

    /** Every fixed IP of this VIF, over all its subnets ({@code VIF.fixed_ips()}). */
    public List<Ip> fixedIps() {
        return network.subnets().stream().flatMap(s -> s.ips().stream()).filter(ip -> "fixed".equals(ip.type())).toList();
    }
}
