package org.novasim.nova.network;

import java.util.List;
import java.util.Map;

/** The network a VIF is plugged into, in Nova's network model: its label is what the API groups addresses by. */
public record Network(String id, String bridge, String label, List<Subnet> subnets, Map<String, Object> meta) {
}
