package org.novasim.api.servers;

import java.util.Optional;

import org.springframework.stereotype.Component;

import org.novasim.api.web.ApiRequest;
import org.novasim.api.web.NovaApiException;

/** Finds a server the caller may see: its own project's, or any for an admin. Others do not exist for it (404). */
@Component
public class ServerAccess {

    private final ServerRecords records;

    ServerAccess(ServerRecords records) {
        this.records = records;
    }

    public ServerRecords.ServerRow visible(String uuid, ApiRequest api) {
        return visible(records.find(uuid), uuid, api);
    }

    /** The same, a deleted server included (os-instance-actions from 2.21). */
    public ServerRecords.ServerRow visibleIncludingDeleted(String uuid, ApiRequest api) {
        return visible(records.findIncludingDeleted(uuid), uuid, api);
    }

    private static ServerRecords.ServerRow visible(Optional<ServerRecords.ServerRow> found, String uuid,
                                                   ApiRequest api) {
        return found.filter(s -> api.isAdmin() || s.projectId().equals(api.projectId()))
                .orElseThrow(() -> NovaApiException.notFound("Instance " + uuid + " could not be found."));
    }
}
