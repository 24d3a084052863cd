package org.novasim.api;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import org.novasim.testsupport.TestBroker;
import org.novasim.testsupport.TestDatabase;

/** nova-api on a free port, on the test broker, on an embedded H2 file or a PostgreSQL schema of its own. */
final class NovaApiNode implements AutoCloseable {

    final ConfigurableApplicationContext context;
    final ApiClient admin;
    private final TestDatabase.ForService database;

    private NovaApiNode(ConfigurableApplicationContext context, TestDatabase.ForService database) {
        this.context = context;
        this.database = database;
        String port = context.getEnvironment().getProperty("local.server.port");
        this.admin = new ApiClient("http://127.0.0.1:" + port, "admin:admin");
    }

    static NovaApiNode start(TestDatabase.Kind kind, Path stateDir, String exchange, String conductorTopic,
                             String... more) {
        List<String> props = new ArrayList<>(TestBroker.get().springProperties());
        props.addAll(List.of("server.port=0", "nova.rpc.transport-url=" + TestBroker.get().transportUrl(),
                "nova.rpc.control-exchange=" + exchange, "nova.rpc.host=api-1", "nova.rpc.amqp-auto-delete=true",
                "nova.rpc.rabbit-transient-queues-ttl=60s", "nova.topics.conductor=" + conductorTopic,
                "nova.topics.compute=" + TestBroker.uniqueName("compute")));
        props.addAll(List.of(more));
        TestDatabase.ForService database = TestDatabase.ForService.of(kind, stateDir, "nova");
        props.addAll(database.springProperties());
        // As command-line arguments, so they win over application.yml.
        ConfigurableApplicationContext context = new SpringApplicationBuilder(NovaApiApplication.class)
                .run(props.stream().map(p -> "--" + p).toArray(String[]::new));
        return new NovaApiNode(context, database);
    }

    @Override
    public void close() {
        context.close();
        database.close();
    }
}
