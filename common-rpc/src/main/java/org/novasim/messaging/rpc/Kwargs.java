package org.novasim.messaging.rpc;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks the {@code Map<String, Object>} parameter of an endpoint method that takes the keyword arguments no other
 * parameter names, as a Python endpoint declared with {@code **kwargs} does. Without it, an unexpected argument is
 * refused with Python's {@code TypeError}.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.PARAMETER)
public @interface Kwargs {
}
