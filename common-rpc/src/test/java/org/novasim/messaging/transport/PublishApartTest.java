package org.novasim.messaging.transport;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.amqp.rabbit.connection.CachingConnectionFactory;
import org.springframework.amqp.rabbit.core.RabbitTemplate;

import com.rabbitmq.client.GetResponse;

import org.novasim.messaging.MessageDeliveryFailure;
import org.novasim.testsupport.TestBroker;

/**
 * A best-effort publish to an exchange that has gone (the message-flow records, once the node holding the
 * collector's queue is lost) makes the broker close its channel; the requests the same thread publishes right after
 * must not go down with it.
 */
class PublishApartTest {

    private static final int REQUESTS = 20;
    private static final byte[] BATCH = "{}".getBytes(StandardCharsets.UTF_8);

    private CachingConnectionFactory connections;
    private RabbitTemplate admin;
    private String queue;

    @BeforeEach
    void broker() {
        connections = TestBroker.get().cachingConnectionFactory();
        admin = new RabbitTemplate(connections);
        queue = TestBroker.uniqueName("apart");
        admin.execute(channel -> channel.queueDeclare(queue, false, false, false, null));
    }

    @AfterEach
    void cleanUp() {
        admin.execute(channel -> channel.queueDelete(queue));
        connections.destroy();
    }

    @Test
    void aPublishToAMissingExchangeLosesNoRequestPublishedAfterIt() {
        AmqpTransport transport = new AmqpTransport(connections);
        for (int i = 0; i < REQUESTS; i++) {
            try {
                transport.publishApart(TestBroker.uniqueName("gone"), "", AmqpTransport.properties(), BATCH);
            } catch (MessageDeliveryFailure e) {
                // best effort: its channel was found closed by the previous one's refusal
            }
            byte[] request = ("request-" + i).getBytes(StandardCharsets.UTF_8);
            transport.publish("", queue, false, AmqpTransport.properties(), request);
        }

        List<String> received = new ArrayList<>();
        admin.execute(channel -> {
            long deadline = System.nanoTime() + 10_000_000_000L;
            while (received.size() < REQUESTS && System.nanoTime() < deadline) {
                GetResponse response = channel.basicGet(queue, true);
                if (response == null) {
                    Thread.sleep(50);
                } else {
                    received.add(new String(response.getBody(), StandardCharsets.UTF_8));
                }
            }
            return null;
        });
        assertThat(received).hasSize(REQUESTS).startsWith("request-0").endsWith("request-" + (REQUESTS - 1));
    }
}
