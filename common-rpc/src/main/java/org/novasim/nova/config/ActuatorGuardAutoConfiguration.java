package org.novasim.nova.config;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.core.Ordered;
import org.springframework.core.env.Environment;
import org.springframework.web.filter.OncePerRequestFilter;

import org.novasim.nova.auth.ActuatorGuard;

/**
 * The actuator guard of every NovaSim service that serves HTTP; {@code nova.actuator.admin-only=false} turns it off
 * (for a scraper on a trusted network, say).
 */
@AutoConfiguration
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@ConditionalOnClass(OncePerRequestFilter.class)
@ConditionalOnBooleanProperty(name = "nova.actuator.admin-only", matchIfMissing = true)
public class ActuatorGuardAutoConfiguration {

    @Bean
    FilterRegistrationBean<ActuatorGuard> actuatorGuard(Environment environment) {
        String basePath = environment.getProperty("management.endpoints.web.base-path", "/actuator");
        FilterRegistrationBean<ActuatorGuard> registration = new FilterRegistrationBean<>(new ActuatorGuard(basePath));
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 10);
        return registration;
    }
}
