package org.novasim.nova.objects;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.amqp.core.Message;
import org.springframework.amqp.rabbit.connection.ConnectionFactory;
import org.springframework.amqp.rabbit.core.RabbitTemplate;
import org.springframework.context.ConfigurableApplicationContext;

import org.novasim.messaging.RemoteError;
import org.novasim.messaging.RequestContext;
import org.novasim.messaging.Target;
import org.novasim.messaging.config.RpcProperties;
import org.novasim.messaging.flow.MessageFlowRecorder;
import org.novasim.messaging.flow.MethodCountersView;
import org.novasim.messaging.rpc.RpcClient;
import org.novasim.messaging.rpc.RpcClientFactory;
import org.novasim.messaging.rpc.RpcEndpoint;
import org.novasim.messaging.rpc.RpcServerFactory;
import org.novasim.messaging.wire.OsloJson;
import org.novasim.testsupport.MessagingNode;
import org.novasim.testsupport.TestBroker;

import tools.jackson.databind.node.ObjectNode;

/**
 * An object argument that cannot be bound never reaches the endpoint: a cast is set aside with its reason and
 * counted, a call gets oslo's error reply naming the object, the field or the version.
 */
class ObjectBoundaryTest {

    private static final String EXCHANGE = TestBroker.uniqueName("test_objects");
    private static final String TOPIC = TestBroker.uniqueName("objects");

    /** Stands in for a compute host: keeps the instances it was given. */
    @RpcEndpoint(topic = "started-by-the-test", version = "6.1")
    public static class InstanceKeeper {
        final BlockingQueue<Instance> stopped = new LinkedBlockingQueue<>();

        public void stopInstance(RequestContext context, Instance instance, @Nullable Boolean cleanShutdown) {
            stopped.add(instance);
        }

        public String showInstance(RequestContext context, Instance instance) {
            return instance.uuid() + " " + instance.flavor().name();
        }
    }

    private static ConfigurableApplicationContext node;
    private static InstanceKeeper keeper;
    private static RpcClient client;

    @BeforeAll
    static void start() {
        node = MessagingNode.start(EXCHANGE, "objects-node", List.of());
        keeper = new InstanceKeeper();
        node.getBean(RpcServerFactory.class).start(Target.topic(TOPIC).withServer("host1"), List.of(keeper));
        client = node.getBean(RpcClientFactory.class).client(Target.topic(TOPIC).withServer("host1").withVersion("6.0"));
    }

    @AfterAll
    static void stop() {
        if (node != null) {
            new RabbitTemplate(node.getBean(ConnectionFactory.class)).execute(channel ->
                    channel.queueDelete(node.getBean(RpcProperties.class).deadLetterQueueName()));
            node.close();
        }
    }

    private static ObjectNode instance() {
        return OsloJson.mapper().valueToTree(new Instance("uuid-1", "vm", "p1", "u1",
                new Flavor("1", "m1.tiny", 1, 512, 1, 0, 0, 1.0, true, false), "img"));
    }

    private static ObjectNode data(ObjectNode primitive) {
        return (ObjectNode) primitive.get("nova_object.data");
    }

    @Test
    void castsWithObjectsThatCannotBeBoundAreSetAsideWithTheirReasonAndNeverReachTheEndpoint() throws Exception {
        ObjectNode missing = instance();
        data(missing).remove("uuid");
        ObjectNode wrongType = instance();
        data(wrongType).put("power_state", "running");
        ObjectNode unknown = instance().put("nova_object.name", "Gadget");
        ObjectNode newer = instance().put("nova_object.version", "2.8");
        Map<ObjectNode, String> bad = Map.of(
                missing, "ValueError: stop_instance() argument 'instance': Instance 2.7 arrived without field uuid, which it needs",
                wrongType, "ValueError: stop_instance() argument 'instance': Field power_state of Instance: invalid"
                        + " literal for int() with base 10: 'running'",
                unknown, "UnsupportedObjectError: stop_instance() argument 'instance': Unsupported object type Gadget",
                newer, "IncompatibleObjectVersion: stop_instance() argument 'instance': Version 2.8 of Instance is not"
                        + " supported, supported version is 2.7");
        for (ObjectNode instance : bad.keySet()) {
            client.cast(RequestContext.admin(), "stop_instance", Map.of("instance", instance, "clean_shutdown", true));
        }
        client.cast(RequestContext.admin(), "stop_instance", Map.of("instance", instance(), "clean_shutdown", true));

        assertThat(keeper.stopped.poll(10, TimeUnit.SECONDS).uuid()).isEqualTo("uuid-1");
        RabbitTemplate raw = new RabbitTemplate(node.getBean(ConnectionFactory.class));
        List<Message> setAside = new ArrayList<>();
        Message m;
        while (setAside.size() < bad.size()
                && (m = raw.receive(node.getBean(RpcProperties.class).deadLetterQueueName(), 10_000)) != null) {
            setAside.add(m);
        }
        assertThat(setAside).extracting(x -> (String) x.getMessageProperties().getHeaders().get("x-novasim-reason"))
                .containsOnly("bad_object").hasSize(bad.size());
        assertThat(setAside).extracting(x -> (String) x.getMessageProperties().getHeaders().get("x-novasim-error"))
                .containsExactlyInAnyOrderElementsOf(bad.values());
        assertThat(keeper.stopped).as("no bad instance reached the endpoint").isEmpty();
        MethodCountersView counters = node.getBean(MessageFlowRecorder.class).counters().stream()
                .filter(c -> TOPIC.equals(c.topic()) && "stop_instance".equals(c.method())).findFirst().orElseThrow();
        assertThat(counters.malformed()).isEqualTo(bad.size());
    }

    @Test
    void aCallWithAnObjectThatCannotBeBoundGetsOslosErrorReplyNamingIt() {
        ObjectNode flavorless = instance();
        data(flavorless).set("flavor", instance().put("nova_object.version", "3.0"));
        assertThatThrownBy(() -> client.call(RequestContext.admin(), "show_instance", Map.of("instance", flavorless)))
                .isInstanceOfSatisfying(RemoteError.class, e -> {
                    assertThat(e.excType()).isEqualTo("ValueError");
                    assertThat(e.value()).isEqualTo("show_instance() argument 'instance': An object of type Flavor is"
                            + " required in field flavor, not a Instance");
                });
        ObjectNode newerFlavor = instance();
        ((ObjectNode) data(newerFlavor).get("flavor")).put("nova_object.version", "1.3");
        assertThatThrownBy(() -> client.call(RequestContext.admin(), "show_instance", Map.of("instance", newerFlavor)))
                .isInstanceOfSatisfying(RemoteError.class, e -> {
                    assertThat(e.excType()).isEqualTo("IncompatibleObjectVersion");
                    assertThat(e.module()).isEqualTo("oslo_versionedobjects.exception");
                    assertThat(e.value()).endsWith("Version 1.3 of Flavor is not supported, supported version is 1.2");
                });
        assertThat(client.call(RequestContext.admin(), "show_instance", Map.of("instance", instance())).asString())
                .isEqualTo("uuid-1 m1.tiny");
    }
}
