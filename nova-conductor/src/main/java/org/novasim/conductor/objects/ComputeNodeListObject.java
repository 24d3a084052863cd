package org.novasim.conductor.objects;

import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;

import org.novasim.conductor.db.ComputeNodeRecords;
import org.novasim.messaging.RequestContext;
import org.novasim.nova.objects.NovaObjects;

import tools.jackson.databind.JsonNode;

/**
 * Nova Zed's {@code ComputeNodeList} (1.17): a host's nodes, which a Zed compute reads on every
 * {@code update_available_resource} to find the nodes it no longer reports ({@code get_all_by_host}).
 */
@Component
class ComputeNodeListObject implements RemotableClass {

    private final ComputeNodeRecords nodes;
    private final ComputeNodeObject node;

    ComputeNodeListObject(ComputeNodeRecords nodes, ComputeNodeObject node) {
        this.nodes = nodes;
        this.node = node;
    }

    @Override
    public String name() {
        return NovaObjects.COMPUTE_NODE_LIST;
    }

    @Override
    public String version() {
        return NovaObjects.COMPUTE_NODE_LIST_VERSION;
    }

    @Override
    public @Nullable JsonNode classAction(RequestContext context, String method, MethodArgs args) {
        if (!method.equals("get_all_by_host")) {
            throw NoSuchObjectMethod.onClass(name(), method);
        }
        return list(nodes.columns(args.text(method, 0, "host")).stream()
                .map(row -> node.primitive(ComputeNodeObject.fields(row))).toList());
    }
}
