package org.novasim.conductor.objects;

import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;

import org.novasim.messaging.RequestContext;
import org.novasim.nova.objects.NovaObjects;

import tools.jackson.databind.JsonNode;

/**
 * Nova Zed's {@code ConsoleAuthToken} (1.1), for a Zed compute's {@code _cleanup_expired_console_auth_tokens}.
 * NovaSim opens no consoles, so there is never an expired token to remove: the call returns None, as Nova's does.
 */
@Component
class ConsoleAuthTokenObject implements RemotableClass {

    @Override
    public String name() {
        return NovaObjects.CONSOLE_AUTH_TOKEN;
    }

    @Override
    public String version() {
        return NovaObjects.CONSOLE_AUTH_TOKEN_VERSION;
    }

    @Override
    public @Nullable JsonNode classAction(RequestContext context, String method, MethodArgs args) {
        if (!method.equals("clean_expired_console_auths")) {
            throw NoSuchObjectMethod.onClass(name(), method);
        }
        return null;
    }
}
