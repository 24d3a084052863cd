package org.novasim.nova;

import java.time.Duration;
import java.time.Instant;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import org.novasim.messaging.config.PropertyChecks;

/**
 * {@code nova.servicegroup.*}, Nova's database service group driver: a service is up if it reported within
 * {@code service_down_time}. The API (os-services, local delete) and the scheduler judge with the same setting.
 *
 * @param serviceDownTime a service whose last report is older is down (Nova's {@code service_down_time})
 */
@ConfigurationProperties("nova.servicegroup")
public record ServiceGroup(@DefaultValue("60s") Duration serviceDownTime) {

    public ServiceGroup {
        PropertyChecks.positive("nova.servicegroup.service-down-time", serviceDownTime);
    }

    public boolean isUp(Instant lastSeen, boolean forcedDown, Instant now) {
        return !forcedDown && lastSeen != null && !lastSeen.isBefore(now.minus(serviceDownTime));
    }

    /** Reports since this instant count as up. */
    public Instant upSince(Instant now) {
        return now.minus(serviceDownTime);
    }
}
