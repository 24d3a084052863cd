package org.novasim.messaging.transport;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.junit.jupiter.api.Test;

/** What a reconnect would declare again after a queue is forgotten. */
class DeclaredTopologyTest {

    @Test
    void forgettingTheLastQueueBoundToAnAutoDeleteExchangeForgetsTheExchangeButNotADurableOne() {
        DeclaredTopology topology = new DeclaredTopology();
        topology.add(new ExchangeSpec("feed", "fanout", false, true));
        topology.add(new ExchangeSpec("nova", "topic", true, false));
        QueueSpec a = new QueueSpec("a", false, true, Map.of());
        QueueSpec b = new QueueSpec("b", false, true, Map.of());
        for (QueueSpec q : new QueueSpec[] {a, b}) {
            topology.add(q);
            topology.add(new BindingSpec(q.name(), "feed", ""));
            topology.add(new BindingSpec(q.name(), "nova", q.name()));
        }

        topology.remove(a);
        assertThat(topology.exchanges()).extracting(ExchangeSpec::name).containsExactlyInAnyOrder("feed", "nova");

        topology.remove(b);
        assertThat(topology.exchanges()).extracting(ExchangeSpec::name).containsExactly("nova");
        assertThat(topology.bindings()).isEmpty();
    }
}
