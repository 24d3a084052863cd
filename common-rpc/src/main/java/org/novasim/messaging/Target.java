package org.novasim.messaging;

/**
 * Where a message goes, as oslo.messaging's {@code Target}: the exchange (null means the control
 * exchange), the topic, an optional server, whether to fan out, the namespace and the version
 * the sender asks for (or the endpoint implements).
 */
public record Target(String exchange, String topic, String server, boolean fanout, String namespace, String version) {

    public static Target topic(String topic) {
        return new Target(null, topic, null, false, null, null);
    }

    public Target withExchange(String exchange) {
        return new Target(exchange, topic, server, fanout, namespace, version);
    }

    public Target withTopic(String topic) {
        return new Target(exchange, topic, server, fanout, namespace, version);
    }

    public Target withServer(String server) {
        return new Target(exchange, topic, server, fanout, namespace, version);
    }

    public Target withFanout(boolean fanout) {
        return new Target(exchange, topic, server, fanout, namespace, version);
    }

    public Target withNamespace(String namespace) {
        return new Target(exchange, topic, server, fanout, namespace, version);
    }

    public Target withVersion(String version) {
        return new Target(exchange, topic, server, fanout, namespace, version);
    }

    /** The routing key oslo.messaging uses on the topic exchange: {@code topic} or {@code topic.server}. */
    public String routingKey() {
        return server == null ? topic : topic + "." + server;
    }

    @Override
    public String toString() {
        StringBuilder s = new StringBuilder("<Target topic=").append(topic);
        if (exchange != null) s.append(", exchange=").append(exchange);
        if (server != null) s.append(", server=").append(server);
        if (fanout) s.append(", fanout=True");
        if (namespace != null) s.append(", namespace=").append(namespace);
        if (version != null) s.append(", version=").append(version);
        return s.append('>').toString();
    }
}
