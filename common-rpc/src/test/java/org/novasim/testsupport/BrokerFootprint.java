package org.novasim.testsupport;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Predicate;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What one process holds on the test broker, as {@code rabbitmqctl} lists it: each of its connections (those whose
 * client-given name passes a test) with its channels, their consumers and its negotiated heartbeat, and the queues
 * those consumers read, their names in a form that leaves out what differs between processes (a host, a uuid).
 *
 * @param connections one line per connection, sorted: {@code channels=1 consumers=[3] heartbeat=60s}
 * @param queues      the queues its consumers read, as {@code shape} wrote their names
 */
public record BrokerFootprint(List<String> connections, Set<String> queues) {

    private static final Pattern CONNECTION = Pattern.compile(
            "^(\\S+)\\t.*\\{\"connection_name\",\"([^\"]+)\"}.*\\t(\\d+)\\t(\\d+)$");

    /**
     * @param named which connections are the process's, by the name their client gave them
     * @param shape a queue's name as compared, for example {@code reply_<uuid>}
     */
    public static BrokerFootprint of(Predicate<String> named, UnaryOperator<String> shape)
            throws IOException, InterruptedException {
        TestBroker broker = TestBroker.get();
        Map<String, String> heartbeatByConnection = new HashMap<>();
        for (String line : broker.rabbitmqctl("list_connections", "-q", "--no-table-headers", "pid",
                "client_properties", "channels", "timeout").lines().toList()) {
            Matcher m = CONNECTION.matcher(line);
            if (m.find() && named.test(m.group(2))) {
                heartbeatByConnection.put(m.group(1), m.group(4));
            }
        }
        Map<String, List<String>> channelsByConnection = new HashMap<>();
        Map<String, Integer> consumersByChannel = new HashMap<>();
        for (String line : broker.rabbitmqctl("list_channels", "-q", "--no-table-headers", "pid", "connection",
                "consumer_count").lines().toList()) {
            String[] f = line.split("\t");
            if (f.length == 3 && heartbeatByConnection.containsKey(f[1])) {
                channelsByConnection.computeIfAbsent(f[1], c -> new ArrayList<>()).add(f[0]);
                consumersByChannel.put(f[0], Integer.parseInt(f[2]));
            }
        }
        Set<String> queues = new TreeSet<>();
        for (String line : broker.rabbitmqctl("list_consumers", "-q", "--no-table-headers", "queue_name",
                "channel_pid").lines().toList()) {
            String[] f = line.split("\t");
            if (f.length == 2 && consumersByChannel.containsKey(f[1])) {
                queues.add(shape.apply(f[0]));
            }
        }
        List<String> connections = heartbeatByConnection.entrySet().stream().map(c -> {
            List<String> channels = channelsByConnection.getOrDefault(c.getKey(), List.of());
            return "channels=" + channels.size() + " consumers=" + channels.stream().map(consumersByChannel::get)
                    .sorted().toList() + " heartbeat=" + c.getValue() + "s";
        }).sorted().toList();
        return new BrokerFootprint(connections, queues);
    }
}
