package org.novasim.messaging.rpc;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.amqp.core.Message;
import org.springframework.amqp.rabbit.connection.CachingConnectionFactory;
import org.springframework.amqp.rabbit.core.RabbitTemplate;

import org.novasim.messaging.flow.MessageFlowRecorder;
import org.novasim.messaging.transport.AmqpTransport;
import org.novasim.messaging.transport.PublishRetry;
import org.novasim.messaging.transport.TopologyRecovery;
import org.novasim.testsupport.TestBroker;

/**
 * A reply whose reply queue is missing (its caller lost it with a broker node and has not declared it again yet) is
 * sent again until the queue is back, with publisher confirms as without: with confirms the broker's return comes
 * to the publish, not to the return listeners, and the resender must hear of it there.
 */
class ReplyResenderTest {

    private static final Duration QUEUE_BACK_AFTER = Duration.ofSeconds(1);

    private CachingConnectionFactory connections;
    private RabbitTemplate admin;
    private String replyQueue;

    @BeforeEach
    void broker() {
        connections = TestBroker.get().cachingConnectionFactory();
        admin = new RabbitTemplate(connections);
        replyQueue = TestBroker.uniqueName("reply");
    }

    @AfterEach
    void cleanUp() {
        admin.execute(channel -> channel.queueDelete(replyQueue));
        connections.destroy();
    }

    @ParameterizedTest(name = "confirms {0}")
    @ValueSource(booleans = {false, true})
    void aReplyHandedBackIsSentAgainUntilItsQueueIsBack(boolean confirms) throws Exception {
        if (confirms) {
            connections.setPublisherConfirmType(CachingConnectionFactory.ConfirmType.SIMPLE);
        }
        AmqpTransport transport = new AmqpTransport(connections, PublishRetry.DEFAULT,
                confirms ? Duration.ofSeconds(5) : null, TopologyRecovery.DEFAULT);
        byte[] reply = ("{\"oslo.version\": \"2.0\", \"oslo.message\": \"{\\\"_msg_id\\\": \\\"m1\\\", "
                + "\\\"result\\\": 42, \\\"failure\\\": null, \\\"ending\\\": true}\"}").getBytes(StandardCharsets.UTF_8);
        try (ReplyResender resender = new ReplyResender(transport, new MessageFlowRecorder(16), Duration.ofSeconds(10))) {
            if (!transport.publish("", replyQueue, true, AmqpTransport.properties(), reply)) {
                resender.accept(new AmqpTransport.Returned("", replyQueue, reply));
            }
            Thread.sleep(QUEUE_BACK_AFTER.toMillis()); // handed back a few times meanwhile
            admin.execute(channel -> channel.queueDeclare(replyQueue, false, false, false, null));

            Message received = admin.receive(replyQueue, 5_000);
            assertThat(received).as("the reply, once its queue is back").isNotNull();
            assertThat(new String(received.getBody(), StandardCharsets.UTF_8)).contains("m1");
        }
    }
}
