package org.novasim.testsupport;

import java.time.Duration;
import java.util.Collections;
import java.util.List;
import java.util.Map;

import org.awaitility.Awaitility;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A virtual host of the test's own on the {@link TestBroker}, open to its account: whatever the test's services
 * declare there can be listed as the broker sees it, and goes when it is closed.
 */
public final class TestVirtualHost implements AutoCloseable {

    /** A queue as {@code rabbitmqctl list_queues} shows it. */
    public record BrokerQueue(String name, boolean durable, boolean exclusive, String type, Map<String, Object> arguments) {
    }

    private final TestBroker broker = TestBroker.get();
    private final String name;

    public TestVirtualHost(String prefix) throws Exception {
        name = TestBroker.uniqueName(prefix);
        broker.rabbitmqctl("add_vhost", name);
        broker.rabbitmqctl("set_permissions", "-p", name, broker.username(), ".*", ".*", ".*");
    }

    public String name() {
        return name;
    }

    /** {@link TestBroker#springProperties()} on this virtual host. */
    public List<String> springProperties() {
        return List.of("spring.rabbitmq.virtual-host=" + name);
    }

    /** oslo's transport URL of the test broker's account on this virtual host. */
    public String transportUrl() {
        return "rabbit://" + broker.username() + ":" + broker.password() + "@" + broker.host() + ":" + broker.port()
                + "/" + name;
    }

    public List<BrokerQueue> queues() throws Exception {
        JsonNode listed = JsonMapper.builder().build().readTree(broker.rabbitmqctl("list_queues", "-q", "-p", name,
                "name", "durable", "exclusive", "type", "arguments", "--formatter", "json"));
        return listed.valueStream().map(q -> new BrokerQueue(q.get("name").asString(), flag(q.get("durable")),
                flag(q.get("exclusive")), q.get("type").asString(), arguments(q.get("arguments")))).toList();
    }

    /** A boolean, or (3.10's {@code exclusive}) a string, empty when false. */
    private static boolean flag(JsonNode node) {
        return node.isBoolean() ? node.booleanValue() : !node.asString().isEmpty() && !"false".equals(node.asString());
    }

    /** rabbitmqctl shows arguments as {@code [name, type, value]} triples (or as an object): either read as a map. */
    private static Map<String, Object> arguments(JsonNode node) {
        Map<String, Object> args = new java.util.LinkedHashMap<>();
        if (node.isObject()) {
            node.properties().forEach(e -> args.put(e.getKey(), value(e.getValue())));
        } else {
            node.valueStream().forEach(pair -> args.put(pair.get(0).asString(), value(pair.get(pair.size() - 1))));
        }
        return args;
    }

    private static Object value(JsonNode v) {
        return v.isNumber() ? (Object) v.asLong() : v.asString();
    }

    /**
     * Closes every connection to this virtual host, as a broker that drops them (the clients reconnect), and returns
     * once they are gone: until then a connection being closed takes a client's publish and drops it.
     */
    public void closeConnections() throws Exception {
        List<String> open = connections();
        broker.rabbitmqctl("close_all_connections", "-p", name, "test: connections dropped");
        Awaitility.await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100))
                .until(() -> Collections.disjoint(connections(), open));
    }

    /** The broker's processes of this virtual host's connections. */
    private List<String> connections() throws Exception {
        return broker.rabbitmqctl("list_connections", "-q", "--no-table-headers", "pid", "vhost").lines()
                .map(l -> l.split("\t")).filter(f -> f.length == 2 && f[1].equals(name)).map(f -> f[0]).toList();
    }

    @Override
    public void close() throws Exception {
        broker.rabbitmqctl("delete_vhost", name);
    }
}
