package org.novasim.nova.exception;

import java.util.Map;
import java.util.stream.Collectors;

/**
 * An instance save that expected other states: the instance moved on (deleted while building, say). Nova's words and
 * kwargs: {@code expected} and {@code actual} as the Python dicts of the states compared.
 */
public class UnexpectedTaskStateError extends NovaException {

    public UnexpectedTaskStateError(String instanceUuid, Map<String, ?> expected, Map<String, ?> actual) {
        super("Conflict updating instance " + instanceUuid + ". Expected: " + PythonRepr.of(expected) + ". Actual: "
                + PythonRepr.of(actual), 409, Map.of("instance_uuid", instanceUuid, "expected", expected,
                "actual", actual));
    }

    /** Python's repr of the dicts of states Nova puts in the message. */
    static final class PythonRepr {
        private PythonRepr() {
        }

        static String of(Object value) {
            if (value == null) {
                return "None";
            }
            if (value instanceof Map<?, ?> map) {
                return map.entrySet().stream().map(e -> of(e.getKey()) + ": " + of(e.getValue()))
                        .collect(Collectors.joining(", ", "{", "}"));
            }
            if (value instanceof Iterable<?> list) {
                StringBuilder text = new StringBuilder("[");
                list.forEach(item -> text.append(text.length() > 1 ? ", " : "").append(of(item)));
                return text.append(']').toString();
            }
            return "'" + value + "'";
        }
    }
}
