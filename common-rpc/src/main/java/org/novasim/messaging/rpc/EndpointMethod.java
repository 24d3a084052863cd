package org.novasim.messaging.rpc;

import java.lang.annotation.Annotation;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Parameter;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.novasim.messaging.RequestContext;
import org.novasim.messaging.objects.ObjectBindingError;
import org.novasim.messaging.wire.OsloJson;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.JavaType;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * One endpoint method, with everything about its parameters worked out once at start-up so that a request costs
 * only the conversion of its arguments.
 */
final class EndpointMethod {

    private record Param(String name, JavaType type, boolean context, boolean optional, boolean nullable,
                         boolean kwargs) {
    }

    private final String name;
    private final Object bean;
    private final Method method;
    private final List<Param> params;
    private final Set<String> argNames;
    /** Whether a {@link Kwargs} parameter takes the arguments no other parameter names, as Python's {@code **kwargs}. */
    private final boolean takesKwargs;

    EndpointMethod(String name, Object bean, Method method) {
        this.name = name;
        this.bean = bean;
        this.method = method;
        this.method.setAccessible(true);
        List<Param> list = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (Parameter p : method.getParameters()) {
            if (!p.isNamePresent()) {
                throw new IllegalStateException("compile " + bean.getClass().getName() + " with -parameters: RPC"
                        + " arguments are bound by parameter name");
            }
            boolean context = p.getType() == RequestContext.class;
            boolean optional = p.getType() == Optional.class;
            JavaType type = OsloJson.mapper().constructType(optional
                    ? ((java.lang.reflect.ParameterizedType) p.getParameterizedType()).getActualTypeArguments()[0]
                    : p.getParameterizedType());
            String argName = OsloJson.snakeCase(p.getName());
            boolean kwargs = p.isAnnotationPresent(Kwargs.class);
            if (kwargs && !Map.class.isAssignableFrom(p.getType())) {
                throw new IllegalStateException(bean.getClass().getName() + "." + method.getName() + ": a @Kwargs"
                        + " parameter must be a Map");
            }
            list.add(new Param(argName, type, context, optional, isNullable(p), kwargs));
            if (!context && !kwargs) {
                names.add(argName);
            }
        }
        this.params = List.copyOf(list);
        this.argNames = Set.copyOf(names);
        this.takesKwargs = list.stream().anyMatch(Param::kwargs);
    }

    String name() {
        return name;
    }

    /** Binds the arguments by name and invokes. Exceptions of the method itself come out as {@link InvocationTargetException}. */
    Object invoke(RequestContext context, ObjectNode args) throws DispatchFailure, InvocationTargetException {
        Map<String, Object> extra = takesKwargs ? new LinkedHashMap<>() : Map.of();
        for (String given : args.propertyNames()) {
            if (!argNames.contains(given)) {
                if (!takesKwargs) {
                    throw DispatchFailure.typeError(name + "() got an unexpected keyword argument '" + given + "'");
                }
                extra.put(given, OsloJson.fromTree(args.get(given)));
            }
        }
        Object[] values = new Object[params.size()];
        for (int i = 0; i < values.length; i++) {
            Param p = params.get(i);
            if (p.context()) {
                values[i] = context;
                continue;
            }
            if (p.kwargs()) {
                values[i] = extra;
                continue;
            }
            JsonNode node = args.get(p.name());
            if (node == null) {
                if (p.optional()) {
                    values[i] = Optional.empty();
                } else if (p.nullable()) {
                    values[i] = null;
                } else {
                    throw DispatchFailure.typeError(name + "() missing 1 required positional argument: '" + p.name() + "'");
                }
                continue;
            }
            Object value;
            try {
                value = node.isNull() ? null : OsloJson.fromTree(node, p.type());
            } catch (JacksonException | IllegalArgumentException e) {
                ObjectBindingError objectError = objectError(e);
                if (objectError != null) {
                    throw DispatchFailure.badObject(name, p.name(), objectError);
                }
                throw DispatchFailure.typeError(name + "() argument '" + p.name() + "' must be " + p.type().getRawClass()
                        .getSimpleName() + ", not " + node.getNodeType().name().toLowerCase());
            }
            if (value == null && p.type().isPrimitive()) {
                throw DispatchFailure.typeError(name + "() argument '" + p.name() + "' must not be None");
            }
            values[i] = p.optional() ? Optional.ofNullable(value) : value;
        }
        try {
            return method.invoke(bean, values);
        } catch (IllegalAccessException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The versioned object refusal behind a binding failure (Jackson wraps what an object's creator throws). */
    private static ObjectBindingError objectError(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof ObjectBindingError error) {
                return error;
            }
        }
        return null;
    }

    private static boolean isNullable(Parameter p) {
        for (Annotation a : p.getAnnotations()) {
            if (a.annotationType().getSimpleName().equals("Nullable")) {
                return true;
            }
        }
        for (Annotation a : p.getAnnotatedType().getAnnotations()) {
            if (a.annotationType().getSimpleName().equals("Nullable")) {
                return true;
            }
        }
        return false;
    }
}
