package org.novasim.network;

import java.util.ArrayList;
import java.util.List;

/**
 * An IPv4 CIDR: its gateway (the first host address, as nova-network chose it) and the addresses it can give to
 * instances (every other host address; neither the network nor the broadcast address).
 */
record Ipv4Range(String cidr, long network, int prefix) {

    static Ipv4Range parse(String cidr) {
        String[] parts = cidr.split("/");
        if (parts.length != 2) {
            throw new IllegalArgumentException("not an IPv4 CIDR: " + cidr);
        }
        int prefix = Integer.parseInt(parts[1]);
        if (prefix < 8 || prefix > 30) {
            throw new IllegalArgumentException("prefix of " + cidr + " must be between /8 and /30");
        }
        long address = toLong(parts[0]);
        long mask = (0xFFFFFFFFL << (32 - prefix)) & 0xFFFFFFFFL;
        return new Ipv4Range(cidr, address & mask, prefix);
    }

    String gateway() {
        return toString(network + 1);
    }

    long size() {
        return 1L << (32 - prefix);
    }

    /** The addresses instances may get, lowest first. */
    List<String> instanceAddresses() {
        List<String> addresses = new ArrayList<>();
        for (long a = network + 2; a < network + size() - 1; a++) {
            addresses.add(toString(a));
        }
        return addresses;
    }

    static long toLong(String dotted) {
        String[] octets = dotted.split("\\.");
        if (octets.length != 4) {
            throw new IllegalArgumentException("not an IPv4 address: " + dotted);
        }
        long value = 0;
        for (String octet : octets) {
            int o = Integer.parseInt(octet);
            if (o < 0 || o > 255) {
                throw new IllegalArgumentException("not an IPv4 address: " + dotted);
            }
            value = (value << 8) | o;
        }
        return value;
    }

    static String toString(long value) {
        return ((value >> 24) & 0xFF) + "." + ((value >> 16) & 0xFF) + "." + ((value >> 8) & 0xFF) + "." + (value & 0xFF);
    }
}
