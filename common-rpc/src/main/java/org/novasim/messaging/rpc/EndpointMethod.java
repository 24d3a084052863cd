package org.novasim.messaging.rpc;

import java.lang.annotation.Annotation;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Parameter;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import org.novasim.messaging.RequestContext;
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

    private record Param(String name, JavaType type, boolean context, boolean optional, boolean nullable) {
    }

    private final String name;
    private final Object bean;
    private final Method method;
    private final List<Param> params;
    private final Set<String> argNames;

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
            list.add(new Param(argName, type, context, optional, isNullable(p)));
            if (!context) {
                names.add(argName);
            }
        }
        this.params = List.copyOf(list);
        this.argNames = Set.copyOf(names);
    }

    String name() {
        return name;
    }

    /** Binds the arguments by name and invokes. Exceptions of the method itself come out as {@link InvocationTargetException}. */
    Object invoke(RequestContext context, ObjectNode args) throws DispatchFailure, InvocationTargetException {
        for (String given : args.propertyNames()) {
            if (!argNames.contains(given)) {
                throw DispatchFailure.typeError(name + "() got an unexpected keyword argument '" + given + "'");
            }
        }
        Object[] values = new Object[params.size()];
        for (int i = 0; i < values.length; i++) {
            Param p = params.get(i);
            if (p.context()) {
                values[i] = context;
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
                value = node.isNull() ? null : OsloJson.mapper().treeToValue(node, p.type());
            } catch (JacksonException | IllegalArgumentException e) {
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
