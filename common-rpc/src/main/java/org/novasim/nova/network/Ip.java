package org.novasim.nova.network;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * An address in Nova's network model ({@code nova/network/model.py} IP/FixedIP): type fixed, floating, gateway or
 * dns. Only fixed IPs carry {@code floating_ips}.
 */
public record Ip(String address, String type, Integer version,
                 @JsonInclude(JsonInclude.Include.NON_NULL) List<Ip> floatingIps, Map<String, Object> meta) {

    public static Ip fixed(String address) {
        return new Ip(address, "fixed", 4, List.of(), Map.of());
    }

    public static Ip gateway(String address) {
        return new Ip(address, "gateway", address == null ? null : 4, null, Map.of());
    }

    public static Ip dns(String address) {
        return new Ip(address, "dns", 4, null, Map.of());
    }
}
