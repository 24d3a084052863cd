package org.novasim.testsupport;

import java.util.ArrayList;
import java.util.List;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * A Spring Boot process with the messaging layer, connected to the {@link TestBroker}, for tests that want one or
 * more services talking over the broker. Queues and exchanges auto-delete, so a test leaves nothing behind.
 */
public final class MessagingNode {

    @SpringBootConfiguration
    @EnableAutoConfiguration
    static class NodeApplication {
    }

    private MessagingNode() {
    }

    /**
     * @param exchange the control exchange, unique to the test
     * @param host     the node's server name
     * @param sources  configuration classes with the node's endpoints
     * @param properties more {@code key=value} properties
     */
    public static ConfigurableApplicationContext start(String exchange, String host, List<Class<?>> sources,
                                                       String... properties) {
        List<String> props = new ArrayList<>(TestBroker.get().springProperties());
        props.add("nova.rpc.control-exchange=" + exchange);
        props.add("nova.rpc.host=" + host);
        props.add("nova.rpc.amqp-auto-delete=true");
        props.add("nova.rpc.rabbit-transient-queues-ttl=60s");
        props.add("spring.application.name=" + host);
        props.add("management.endpoints.web.exposure.include=*");
        props.addAll(List.of(properties));
        List<Class<?>> all = new ArrayList<>(sources);
        all.add(0, NodeApplication.class);
        return new SpringApplicationBuilder(all.toArray(Class<?>[]::new))
                .web(WebApplicationType.NONE)
                .properties(props.toArray(String[]::new))
                .run();
    }
}
