package org.novasim.conductor.objects;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;

import org.novasim.conductor.db.InstanceRecords;
import org.novasim.messaging.RequestContext;
import org.novasim.messaging.objects.ObjectBindingError;
import org.novasim.nova.objects.Flavor;
import org.novasim.nova.objects.NovaObjects;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Nova Zed's {@code InstanceList} (2.6), as a Zed compute's periodic tasks ask for it: a host's instances
 * ({@code get_by_host}, {@code get_by_host_and_node}) and those matching filters ({@code get_by_filters}: host,
 * node, uuid, vm_state, task_state, deleted). NovaSim's simulated driver leaves no files behind, so a deleted
 * instance is always {@code cleaned}, and a filter asking for uncleaned ones finds none.
 */
@Component
class InstanceListObject implements RemotableClass {

    /** Filters a Zed compute sends that need no column here. */
    private static final String SOFT_DELETED = "soft_deleted";
    private static final String CLEANED = "cleaned";

    private final InstanceRecords instances;
    private final InstanceObject instance;

    InstanceListObject(InstanceRecords instances, InstanceObject instance) {
        this.instances = instances;
        this.instance = instance;
    }

    @Override
    public String name() {
        return NovaObjects.INSTANCE_LIST;
    }

    @Override
    public String version() {
        return NovaObjects.INSTANCE_LIST_VERSION;
    }

    @Override
    public @Nullable JsonNode classAction(RequestContext context, String method, MethodArgs args) {
        List<Map<String, Object>> rows = switch (method) {
            case "get_by_host" -> instances.columnsWhere(false, Map.of("host", List.of(args.text(method, 0, "host"))));
            case "get_by_host_and_node" -> instances.columnsWhere(false, Map.of("host",
                    List.of(args.text(method, 0, "host")), "node", List.of(args.text(method, 1, "node"))));
            case "get_by_filters" -> byFilters(args.get(0, "filters"));
            default -> throw NoSuchObjectMethod.onClass(name(), method);
        };
        Map<String, Flavor> flavors = new HashMap<>();
        List<ObjectNode> objects = new ArrayList<>(rows.size());
        for (Map<String, Object> row : rows) {
            objects.add(instance.primitive(InstanceObject.fields(row,
                    flavorid -> flavors.computeIfAbsent(flavorid, instances::flavor))));
        }
        return list(objects);
    }

    private List<Map<String, Object>> byFilters(@Nullable JsonNode filters) {
        if (filters == null || !filters.isObject()) {
            throw ObjectBindingError.valueError("InstanceList.get_by_filters needs a dict of filters");
        }
        boolean deleted = filters.path("deleted").asBoolean(false);
        if (deleted && filters.has(CLEANED) && !filters.get(CLEANED).asBoolean()) {
            return List.of();
        }
        // A filter's value is one value or a list of them, as Nova's exact-match filters take them.
        Map<String, List<String>> anyOf = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> filter : filters.properties()) {
            String key = filter.getKey();
            JsonNode value = filter.getValue();
            if (key.equals("deleted") || key.equals(SOFT_DELETED) || key.equals(CLEANED)) {
                continue;
            }
            if (!(key.equals("uuid") || InstanceRecords.FILTERABLE.contains(key))
                    || !(value.isString() || value.isArray())) {
                throw ObjectBindingError.valueError("InstanceList filter " + key + " is not one NovaSim serves");
            }
            List<String> values = new ArrayList<>();
            if (value.isArray()) {
                value.forEach(v -> values.add(v.asString()));
            } else {
                values.add(value.asString());
            }
            anyOf.put(key, values);
        }
        return instances.columnsWhere(deleted, anyOf);
    }
}
