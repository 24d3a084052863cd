package org.novasim.messaging.transport;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * oslo.messaging's {@code transport_url}: {@code rabbit://user:pass@host1:5672,user:pass@host2:5672/vhost}.
 * Several hosts make a cluster; an empty path is the virtual host {@code /}. Query options are ignored here.
 */
public record TransportUrl(List<Host> hosts, String username, String password, String virtualHost) {

    private static final int DEFAULT_PORT = 5672;

    public record Host(String host, int port) {
    }

    public static TransportUrl parse(String url) {
        if (url == null || !url.startsWith("rabbit://")) {
            throw new IllegalArgumentException("transport URL must look like rabbit://user:pass@host:port/vhost, got: " + url);
        }
        String rest = url.substring("rabbit://".length());
        int query = rest.indexOf('?');
        if (query >= 0) {
            rest = rest.substring(0, query);
        }
        int slash = rest.indexOf('/');
        String hostPart = slash >= 0 ? rest.substring(0, slash) : rest;
        String vhost = slash >= 0 ? decode(rest.substring(slash + 1)) : "";
        String username = "guest";
        String password = "guest";
        boolean credentialsSeen = false;
        List<Host> hosts = new ArrayList<>();
        for (String entry : hostPart.split(",")) {
            if (entry.isBlank()) {
                continue;
            }
            int at = entry.lastIndexOf('@');
            if (at >= 0) {
                String credentials = entry.substring(0, at);
                entry = entry.substring(at + 1);
                if (!credentialsSeen) {
                    int colon = credentials.indexOf(':');
                    username = decode(colon >= 0 ? credentials.substring(0, colon) : credentials);
                    password = colon >= 0 ? decode(credentials.substring(colon + 1)) : "";
                    credentialsSeen = true;
                }
            }
            hosts.add(host(entry, url));
        }
        if (hosts.isEmpty()) {
            hosts.add(new Host("localhost", DEFAULT_PORT));
        }
        return new TransportUrl(List.copyOf(hosts), username, password, vhost.isEmpty() ? "/" : vhost);
    }

    private static Host host(String entry, String url) {
        int colon = entry.lastIndexOf(':');
        if (entry.startsWith("[")) {
            int close = entry.indexOf(']');
            colon = entry.indexOf(':', close);
        }
        if (colon < 0) {
            return new Host(entry, DEFAULT_PORT);
        }
        try {
            return new Host(entry.substring(0, colon), Integer.parseInt(entry.substring(colon + 1)));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("bad port in transport URL " + url, e);
        }
    }

    private static String decode(String s) {
        return URLDecoder.decode(s, StandardCharsets.UTF_8);
    }
}
