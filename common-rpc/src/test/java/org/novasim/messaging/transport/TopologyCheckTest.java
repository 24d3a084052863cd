package org.novasim.messaging.transport;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.amqp.rabbit.connection.CachingConnectionFactory;
import org.springframework.amqp.rabbit.core.RabbitTemplate;
import org.springframework.scheduling.concurrent.ThreadPoolTaskScheduler;

import com.rabbitmq.client.DefaultConsumer;

import org.novasim.testsupport.TestBroker;

/**
 * One check of the topology, as after a recovery: a queue this process reads that the broker shows with no consumer
 * (re-created while the process's consumer was left on the lost node's record) has its consumers started again; a
 * queue with its consumer, or one this process only declares, is left alone.
 */
class TopologyCheckTest {

    private CachingConnectionFactory connections;
    private ThreadPoolTaskScheduler scheduler;
    private String read;
    private String declaredOnly;

    /** A listener as the topology sees it, which consumes nothing itself and notes what it is asked to restart. */
    private static final class Listener implements DeclaredTopology.Consumers {
        final List<String> restarted = new CopyOnWriteArrayList<>();
        private final String queue;

        Listener(String queue) {
            this.queue = queue;
        }

        @Override
        public DeclaredTopology.ConsumerView view() {
            return new DeclaredTopology.ConsumerView("test-listener", List.of(queue), true);
        }

        @Override
        public void consumeAgain(String queue) {
            if (queue.equals(this.queue)) {
                restarted.add(queue);
            }
        }
    }

    @BeforeEach
    void broker() {
        connections = TestBroker.get().cachingConnectionFactory();
        scheduler = new ThreadPoolTaskScheduler();
        scheduler.initialize();
        read = TestBroker.uniqueName("check_read");
        declaredOnly = TestBroker.uniqueName("check_declared");
    }

    @AfterEach
    void cleanUp() {
        new RabbitTemplate(connections).execute(channel -> {
            channel.queueDelete(read);
            channel.queueDelete(declaredOnly);
            return null;
        });
        connections.destroy();
        scheduler.shutdown();
    }

    @Test
    void aQueueItReadsFoundWithoutConsumerIsConsumedAgainAndOneWithItsConsumerIsNot() throws Exception {
        DeclaredTopology topology = new DeclaredTopology();
        TopologyAdmin admin = new TopologyAdmin(connections, topology, TopologyRecovery.DEFAULT, scheduler);
        admin.declare(new QueueSpec(read, false, false, Map.of()));
        admin.declare(new QueueSpec(declaredOnly, false, false, Map.of()));
        Listener listener = new Listener(read);
        topology.addConsumers(listener);

        admin.check("a test");
        assertThat(listener.restarted).as("no consumer on the broker").containsExactly(read);
        assertThat(admin.repairs()).isEqualTo(1);

        listener.restarted.clear();
        try (var consuming = connections.getRabbitConnectionFactory().newConnection()) {
            var channel = consuming.createChannel();
            channel.basicConsume(read, true, new DefaultConsumer(channel));
            admin.check("a test");
        }
        assertThat(listener.restarted).as("its consumer is there").isEmpty();
    }
}
