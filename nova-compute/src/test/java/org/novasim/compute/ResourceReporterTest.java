package org.novasim.compute;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import org.novasim.messaging.Target;
import org.novasim.messaging.rpc.RpcServerFactory;
import org.novasim.nova.conductor.ComputeNodeResources;
import org.novasim.testpeers.RecordingConductor;
import org.novasim.testsupport.TestBroker;

/** Each simulated host reports to the conductor's topic on time, through the real broker. */
class ResourceReporterTest {

    @Test
    void everyHostReportsItsHeartbeatAndResourcesEachInterval() {
        String conductorTopic = TestBroker.uniqueName("conductor");
        List<String> args = new ArrayList<>(TestBroker.get().springProperties());
        args.addAll(List.of("nova.rpc.transport-url=" + TestBroker.get().transportUrl(),
                "nova.rpc.control-exchange=" + TestBroker.uniqueName("test_compute"), "nova.rpc.host=sim",
                "nova.rpc.amqp-auto-delete=true", "nova.rpc.rabbit-transient-queues-ttl=60s",
                "nova.topics.conductor=" + conductorTopic, "nova.compute.host-count=3",
                "nova.compute.memory-mb=4096", "nova.compute.report-interval=300ms"));
        try (ConfigurableApplicationContext compute = new SpringApplicationBuilder(NovaComputeApplication.class)
                .web(WebApplicationType.NONE).run(args.stream().map(a -> "--" + a).toArray(String[]::new))) {
            RecordingConductor conductor = new RecordingConductor();
            compute.getBean(RpcServerFactory.class).start(Target.topic(conductorTopic).withServer("stub"),
                    List.of(conductor));

            Awaitility.await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
                    assertThat(conductor.heartbeats).containsOnlyKeys("sim-1", "sim-2", "sim-3")
                            .allSatisfy((host, count) -> assertThat(count).isGreaterThanOrEqualTo(3)));
            assertThat(conductor.nodes).contains(new ComputeNodeResources("sim-2", "sim-2", "fake", 8, 4096, 200));
        }
    }
}
