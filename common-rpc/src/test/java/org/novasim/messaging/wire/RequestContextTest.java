package org.novasim.messaging.wire;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import org.novasim.messaging.RequestContext;

import tools.jackson.databind.node.ObjectNode;

class RequestContextTest {

    @Test
    void travelsAsContextKeysAndKeepsWhatItDoesNotName() {
        RequestContext context = new RequestContext("req-9", "req-global", "u1", "p1", List.of("admin", "member"), true,
                Map.of("auth_token", "tok", "read_deleted", "no"));
        ObjectNode message = OsloJson.mapper().createObjectNode();
        ContextKeys.pack(context, message);

        assertThat(message.get("_context_request_id").asString()).isEqualTo("req-9");
        assertThat(message.get("_context_is_admin").asBoolean()).isTrue();
        assertThat(message.get("_context_roles").get(1).asString()).isEqualTo("member");
        assertThat(message.get("_context_read_deleted").asString()).isEqualTo("no");
        assertThat(ContextKeys.unpack(message)).isEqualTo(context);
    }

    @Test
    void newRequestIdsLookLikeOsloContexts() {
        assertThat(RequestContext.newRequestId()).matches("req-[0-9a-f-]{36}");
        assertThat(RequestContext.admin().isAdmin()).isTrue();
    }
}
