package org.novasim.network;

import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code nova.network.*}: the networks nova-network hands out addresses from, as legacy Nova's flat networks.
 *
 * @param networks every instance gets one fixed IP on each
 */
@ConfigurationProperties("nova.network")
public record NetworkProperties(List<NetworkDefinition> networks) {

    public NetworkProperties {
        networks = networks == null || networks.isEmpty()
                ? List.of(new NetworkDefinition("private", "10.0.0.0/24", "br100", "8.8.4.4"))
                : List.copyOf(networks);
    }

    /**
     * @param label  the network's name, under which the API lists the instance's addresses
     * @param cidr   an IPv4 range; its first host address is the gateway
     * @param bridge the host bridge VIFs are plugged into
     * @param dns    the DNS server handed to instances
     */
    public record NetworkDefinition(String label, String cidr, @DefaultValue("br100") String bridge,
                                    @DefaultValue("8.8.4.4") String dns) {
    }
}
