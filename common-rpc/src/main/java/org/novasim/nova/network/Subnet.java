package org.novasim.nova.network;

import java.util.List;
import java.util.Map;

/** A subnet of a network in Nova's network model, with its gateway, DNS servers and the instance's fixed IPs. */
public record Subnet(String cidr, Integer version, Ip gateway, List<Ip> dns, List<Object> routes, List<Ip> ips,
                     Map<String, Object> meta) {

    /** Nova always lists an IPv6 subnet beside the IPv4 one; without IPv6 it is this empty one. */
    public static Subnet noIpv6() {
        return new Subnet(null, null, Ip.gateway(null), List.of(), List.of(), List.of(),
                java.util.Collections.singletonMap("dhcp_server", null));
    }
}
