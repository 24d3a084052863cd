package org.novasim.messaging.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;

import org.novasim.nova.ServiceGroup;
import org.novasim.nova.config.NovaTopics;
import org.novasim.testsupport.PropertiesBinding;

/** Every service's messaging settings: defaults that work, and values that cannot refused in one line. */
class PropertyChecksTest {

    @Test
    void theDefaultsBindAndWork() {
        RpcProperties rpc = PropertiesBinding.bind(RpcProperties.class, Map.of());
        assertThat(rpc.executorThreadPoolSize()).isEqualTo(64);
        assertThat(rpc.notifications().driver()).isEqualTo("messagingv2");
        assertThat(PropertiesBinding.bind(ServiceGroup.class, Map.of()).serviceDownTime()).isEqualTo(Duration.ofSeconds(60));
        assertThat(PropertiesBinding.bind(NovaTopics.class, Map.of("NOVA_TOPICS_COMPUTE", "compute-x")))
                .isEqualTo(new NovaTopics("network", "conductor", "compute-x", "scheduler"));
    }

    @Test
    void valuesThatCannotWorkAreRefusedNamingThePropertyAndWhatItMayBe() {
        assertThat(PropertiesBinding.refusal(RpcProperties.class, Map.of("NOVA_RPC_EXECUTORTHREADPOOLSIZE", "0")))
                .isEqualTo("nova.rpc.executor-thread-pool-size is '0': it must be 1 or more");
        assertThat(PropertiesBinding.refusal(RpcProperties.class, Map.of("NOVA_RPC_RPCRESPONSETIMEOUT", "0s")))
                .isEqualTo("nova.rpc.rpc-response-timeout is 'PT0S': it must be a duration above zero, such as 10s");
        assertThat(PropertiesBinding.refusal(RpcProperties.class, Map.of("NOVA_RPC_NOTIFICATIONS_DRIVER", "messaging")))
                .isEqualTo("nova.rpc.notifications.driver is 'messaging': it must be one of messagingv2, noop");
        assertThat(PropertiesBinding.refusal(ServiceGroup.class, Map.of("NOVA_SERVICEGROUP_SERVICEDOWNTIME", "-5s")))
                .startsWith("nova.servicegroup.service-down-time is 'PT-5S': it must be a duration above zero");
        assertThat(PropertiesBinding.refusal(NovaTopics.class, Map.of("NOVA_TOPICS_NETWORK", " ")))
                .isEqualTo("nova.topics.network is ' ': it must be given, not empty");
    }
}
