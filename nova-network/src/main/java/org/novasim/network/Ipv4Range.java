package org.novasim.network;

import java.util.ArrayList;
import java.util.List;

/**
 * An IPv4 CIDR: its gateway (the first host address, as nova-network chose it) and the addresses it can give to
 * instances (every other host address; neither the network nor the broadcast address).
 */
record Ipv4Range(String cidr, long network, int prefix) {

    /** The widest range: its addresses are all seeded into the pool at start, so no more than a /16's. */
    static final int MIN_PREFIX = 16;
    /** The narrowest range: a /30 has a gateway and one address for an instance. */
    static final int MAX_PREFIX = 30;
    static final int MAX_ADDRESSES = (1 << (32 - MIN_PREFIX)) - 3;

    static Ipv4Range parse(String cidr) {
        String[] parts = cidr.split("/", -1);
        if (parts.length != 2 || !parts[1].matches("[0-9]{1,2}")) {
            throw new IllegalArgumentException("not an IPv4 CIDR: " + cidr);
        }
        int prefix = Integer.parseInt(parts[1]);
        if (prefix < MIN_PREFIX || prefix > MAX_PREFIX) {
            throw new IllegalArgumentException("prefix of " + cidr + " must be between /" + MIN_PREFIX + " and /"
                    + MAX_PREFIX);
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
        String[] octets = dotted.split("\\.", -1);
        if (octets.length != 4) {
            throw new IllegalArgumentException("not an IPv4 address: " + dotted);
        }
        long value = 0;
        for (String octet : octets) {
            if (!octet.matches("[0-9]{1,3}")) {
                throw new IllegalArgumentException("not an IPv4 address: " + dotted);
            }
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
