package org.novasim.testsupport;

import java.util.Map;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.core.NestedExceptionUtils;
import org.springframework.core.env.MutablePropertySources;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;

/**
 * Binds a {@code @ConfigurationProperties} record from environment variables with Spring Boot's binder, as a
 * service binds it at start (defaults, relaxed names, the record's own checks), without starting the service.
 */
public final class PropertiesBinding {

    private PropertiesBinding() {
    }

    /** The record bound from these variables (its defaults for what they leave out). */
    public static <T> T bind(Class<T> type, Map<String, Object> environment) {
        MutablePropertySources sources = new MutablePropertySources();
        sources.addFirst(new SystemEnvironmentPropertySource(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME,
                environment));
        ConfigurationProperties annotation = type.getAnnotation(ConfigurationProperties.class);
        String prefix = annotation.prefix().isEmpty() ? annotation.value() : annotation.prefix();
        return new Binder(ConfigurationPropertySources.from(sources)).bindOrCreate(prefix, type);
    }

    /** Why binding these variables fails: the message the service's start failure gives as its reason. */
    public static String refusal(Class<?> type, Map<String, Object> environment) {
        try {
            bind(type, environment);
        } catch (RuntimeException e) {
            return NestedExceptionUtils.getMostSpecificCause(e).getMessage();
        }
        throw new AssertionError(type.getSimpleName() + " accepted " + environment);
    }
}
