package org.novasim.conductor;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import org.novasim.testsupport.TestBroker;
import org.novasim.testsupport.TestDatabase;

/** Starts nova-conductor on the test broker, on an embedded H2 file or a PostgreSQL schema of its own. */
final class ConductorNode implements AutoCloseable {

    final ConfigurableApplicationContext context;
    private final TestDatabase.ForService database;

    private ConductorNode(ConfigurableApplicationContext context, TestDatabase.ForService database) {
        this.context = context;
        this.database = database;
    }

    static ConductorNode start(TestDatabase.Kind kind, Path stateDir, String exchange, String conductorTopic,
                               String... more) {
        return start(TestDatabase.ForService.of(kind, stateDir, "nova"), true, exchange, conductorTopic, more);
    }

    /** A conductor on a database it may share with others (several conductor processes); closes it if it owns it. */
    static ConductorNode start(TestDatabase.ForService database, boolean ownsDatabase, String exchange,
                               String conductorTopic, String... more) {
        List<String> props = new ArrayList<>(TestBroker.get().springProperties());
        props.addAll(List.of("nova.rpc.transport-url=" + TestBroker.get().transportUrl(),
                "nova.rpc.control-exchange=" + exchange, "nova.rpc.host=conductor-1", "nova.rpc.amqp-auto-delete=true",
                "nova.rpc.rabbit-transient-queues-ttl=60s", "nova.topics.conductor=" + conductorTopic));
        props.addAll(List.of(more));
        props.addAll(database.springProperties());
        // As command-line arguments, so they win over application.yml.
        ConfigurableApplicationContext context = new SpringApplicationBuilder(NovaConductorApplication.class)
                .web(WebApplicationType.NONE).run(props.stream().map(p -> "--" + p).toArray(String[]::new));
        return new ConductorNode(context, ownsDatabase ? database : null);
    }

    @Override
    public void close() {
        context.close();
        if (database != null) {
            database.close();
        }
    }
}
