package org.novasim.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;

import org.novasim.api.ApiClient;

import tools.jackson.databind.JsonNode;

/** What the end-to-end tests do through the API, waiting for what they expect. */
final class Servers {

    static final String CIRROS = "a1c0a5b2-5c29-4d36-9a4f-3c6f0e6b7c01";

    private Servers() {
    }

    static ApiClient.Response boot(ApiClient client, String name, String flavor, String networks, int count) {
        ApiClient.Response created = client.post("/v2.1/servers", Map.of("server", Map.of("name", name,
                "imageRef", CIRROS, "flavorRef", flavor, "networks", networks, "min_count", count, "max_count", count)));
        assertThat(created.status()).as(created.toString()).isEqualTo(202);
        return created;
    }

    /** Every project's servers, page after page through the {@code next} links (a page holds 1,000 at most). */
    static List<JsonNode> all(ApiClient admin) {
        List<JsonNode> servers = new java.util.ArrayList<>();
        String next = "/v2.1/servers/detail?all_tenants=1";
        while (next != null) {
            JsonNode page = admin.get(next).json();
            page.get("servers").valueStream().forEach(servers::add);
            JsonNode href = page.at("/servers_links/0/href");
            next = href.isMissingNode() ? null : href.asString().substring(href.asString().indexOf("/v2.1/"));
        }
        return servers;
    }

    static JsonNode await(ApiClient client, String id, Duration timeout, Predicate<JsonNode> condition) {
        long deadline = System.nanoTime() + timeout.toNanos();
        JsonNode server = null;
        while (System.nanoTime() < deadline) {
            server = client.get("/v2.1/servers/" + id).json().get("server");
            if (server != null && condition.test(server)) {
                return server;
            }
            sleep(200);
        }
        throw new AssertionError("server " + id + " did not get there within " + timeout + ": " + server
                + ServiceLogs.about(id));
    }

    static boolean settled(JsonNode server) {
        return Set.of("ACTIVE", "ERROR").contains(server.get("status").asString());
    }

    /** {@code binary:host} of every service os-services shows up. */
    static Set<String> upServices(ApiClient admin) {
        Set<String> up = new HashSet<>();
        admin.get("/v2.1/os-services").json().get("services").valueStream()
                .filter(s -> s.get("state").asString().equals("up"))
                .forEach(s -> up.add(s.get("binary").asString() + ":" + s.get("host").asString()));
        return up;
    }

    static void awaitTrue(String what, Duration timeout, BooleanSupplier condition) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError(what + ": not within " + timeout);
            }
            sleep(250);
        }
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
