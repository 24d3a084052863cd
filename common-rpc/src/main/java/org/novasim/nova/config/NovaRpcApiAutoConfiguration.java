package org.novasim.nova.config;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;

import org.novasim.messaging.config.RpcAutoConfiguration;
import org.novasim.messaging.flow.MethodLabels;
import org.novasim.messaging.rpc.RpcClientFactory;
import org.novasim.nova.ServiceGroup;
import org.novasim.nova.compute.ComputeRpcApi;
import org.novasim.nova.conductor.ComputeTaskRpcApi;
import org.novasim.nova.conductor.ConductorRpcApi;
import org.novasim.nova.network.NetworkRpcApi;
import org.novasim.nova.objects.IndirectionLabels;
import org.novasim.nova.scheduler.SchedulerRpcApi;

/** The typed clients of the Nova services, for any service that has the messaging layer. */
@AutoConfiguration(after = RpcAutoConfiguration.class)
@ConditionalOnBean(RpcClientFactory.class)
@EnableConfigurationProperties({NovaTopics.class, ServiceGroup.class})
public class NovaRpcApiAutoConfiguration {

    /** The flow, counters and traces name the conductor's object calls {@code Instance.save} and so on. */
    @Bean
    MethodLabels indirectionLabels() {
        return new IndirectionLabels();
    }

    @Bean
    ConductorRpcApi conductorRpcApi(RpcClientFactory clients, NovaTopics topics) {
        return new ConductorRpcApi(clients, topics.conductor());
    }

    @Bean
    ComputeTaskRpcApi computeTaskRpcApi(RpcClientFactory clients, NovaTopics topics) {
        return new ComputeTaskRpcApi(clients, topics.conductor());
    }

    @Bean
    ComputeRpcApi computeRpcApi(RpcClientFactory clients, NovaTopics topics) {
        return new ComputeRpcApi(clients, topics.compute());
    }

    @Bean
    SchedulerRpcApi schedulerRpcApi(RpcClientFactory clients, NovaTopics topics) {
        return new SchedulerRpcApi(clients, topics.scheduler());
    }

    @Bean
    NetworkRpcApi networkRpcApi(RpcClientFactory clients, NovaTopics topics) {
        return new NetworkRpcApi(clients, topics.network());
    }
}
