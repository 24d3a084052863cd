package org.novasim.conductor.servicegroup;

import java.time.Clock;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import org.novasim.conductor.ConductorProperties;
import org.novasim.conductor.db.ServiceRecords;
import org.novasim.messaging.config.RpcProperties;
import org.novasim.nova.config.NovaTopics;

/** The heartbeats of the two Nova services this process is: nova-conductor and nova-scheduler. */
@Configuration(proxyBeanMethods = false)
class ServiceHeartbeats {

    static final String CONDUCTOR = "nova-conductor";
    static final String SCHEDULER = "nova-scheduler";

    @Bean
    ServiceHeartbeat conductorHeartbeat(ServiceRecords services, ConductorProperties properties, RpcProperties rpc,
                                        NovaTopics topics, Clock clock) {
        return new ServiceHeartbeat(CONDUCTOR, rpc.host(), topics.conductor(), properties.reportInterval(), services,
                clock);
    }

    @Bean
    ServiceHeartbeat schedulerHeartbeat(ServiceRecords services, ConductorProperties properties, RpcProperties rpc,
                                        NovaTopics topics, Clock clock) {
        return new ServiceHeartbeat(SCHEDULER, rpc.host(), topics.scheduler(), properties.reportInterval(), services,
                clock);
    }
}
