package org.novasim.network;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import org.novasim.messaging.config.PropertyChecks;

/**
 * {@code nova.network.*}: the networks nova-network hands out addresses from, as legacy Nova's flat networks. A
 * network given in part (only its {@code cidr}, say, from {@code NOVA_NETWORK_NETWORKS_0_CIDR}) takes the defaults
 * for the rest; a value that cannot work stops the service at start with one line naming the property.
 *
 * @param networks every instance gets one fixed IP on each
 */
@ConfigurationProperties("nova.network")
public record NetworkProperties(List<NetworkDefinition> networks) {

    static final String DEFAULT_LABEL = "private";
    static final String DEFAULT_CIDR = "10.0.0.0/24";
    static final String DEFAULT_BRIDGE = "br100";
    static final String DEFAULT_DNS = "8.8.4.4";

    public NetworkProperties {
        networks = networks == null || networks.isEmpty()
                ? List.of(new NetworkDefinition(DEFAULT_LABEL, DEFAULT_CIDR, DEFAULT_BRIDGE, DEFAULT_DNS))
                : List.copyOf(networks);
        Set<String> labels = new HashSet<>();
        for (int i = 0; i < networks.size(); i++) {
            check(networks.get(i), "nova.network.networks[" + i + "].", labels);
        }
    }

    private static void check(NetworkDefinition network, String prefix, Set<String> labels) {
        if (network.label().isBlank()) {
            throw PropertyChecks.invalid(prefix + "label", network.label(), "a name (the default is "
                    + DEFAULT_LABEL + ")");
        }
        if (!labels.add(network.label())) {
            throw PropertyChecks.invalid(prefix + "label", network.label(), "a label no other network has"
                    + " (a network given no label is " + DEFAULT_LABEL + ")");
        }
        try {
            Ipv4Range.parse(network.cidr());
        } catch (IllegalArgumentException e) {
            throw PropertyChecks.invalid(prefix + "cidr", network.cidr(), "an IPv4 CIDR with a prefix from /"
                    + Ipv4Range.MIN_PREFIX + " to /" + Ipv4Range.MAX_PREFIX + " (" + Ipv4Range.MAX_ADDRESSES
                    + " to 1 instance addresses), such as " + DEFAULT_CIDR);
        }
        PropertyChecks.notBlank(prefix + "bridge", network.bridge());
        try {
            Ipv4Range.toLong(network.dns());
        } catch (IllegalArgumentException e) {
            throw PropertyChecks.invalid(prefix + "dns", network.dns(), "an IPv4 address such as " + DEFAULT_DNS);
        }
    }

    /**
     * @param label  the network's name, under which the API lists the instance's addresses
     * @param cidr   an IPv4 range; its first host address is the gateway
     * @param bridge the host bridge VIFs are plugged into
     * @param dns    the DNS server handed to instances
     */
    public record NetworkDefinition(@DefaultValue(DEFAULT_LABEL) String label,
                                    @DefaultValue(DEFAULT_CIDR) String cidr,
                                    @DefaultValue(DEFAULT_BRIDGE) String bridge,
                                    @DefaultValue(DEFAULT_DNS) String dns) {
    }
}
