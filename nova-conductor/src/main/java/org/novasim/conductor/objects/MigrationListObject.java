package org.novasim.conductor.objects;

import java.util.List;
import java.util.Set;

import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;

import org.novasim.messaging.RequestContext;
import org.novasim.nova.objects.NovaObjects;

import tools.jackson.databind.JsonNode;

/**
 * Nova Zed's {@code MigrationList} (1.5), as a Zed compute's resource tracker and cleanup tasks ask for it. NovaSim
 * migrates nothing: every question is answered, as Nova answers a cloud without migrations, with an empty list.
 */
@Component
class MigrationListObject implements RemotableClass {

    private static final Set<String> QUERIES = Set.of("get_in_progress_and_error", "get_by_filters",
            "get_in_progress_by_host_and_node", "get_unconfirmed_by_dest_compute", "get_in_progress_by_instance");

    @Override
    public String name() {
        return NovaObjects.MIGRATION_LIST;
    }

    @Override
    public String version() {
        return NovaObjects.MIGRATION_LIST_VERSION;
    }

    @Override
    public @Nullable JsonNode classAction(RequestContext context, String method, MethodArgs args) {
        if (!QUERIES.contains(method)) {
            throw NoSuchObjectMethod.onClass(name(), method);
        }
        return list(List.of());
    }
}
