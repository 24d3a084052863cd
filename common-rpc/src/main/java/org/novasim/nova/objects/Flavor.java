package org.novasim.nova.objects;

import java.util.Map;

import com.fasterxml.jackson.annotation.JsonCreator;

import org.novasim.messaging.objects.ObjectData;
import org.novasim.messaging.objects.ObjectFields;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** A flavor as Nova's {@code Flavor} object 1.2 carries it: the size of an instance. */
public record Flavor(String flavorid, String name, int vcpus, int memoryMb, int rootGb, int ephemeralGb, int swap,
                     double rxtxFactor, boolean isPublic, boolean disabled) implements NovaObject {

    @Override
    public ObjectNode toPrimitive() {
        return NovaObjects.write(NovaObjects.FLAVOR, NovaObjects.FLAVOR_VERSION, new ObjectData()
                .put("flavorid", flavorid).put("name", name).put("vcpus", vcpus).put("memory_mb", memoryMb)
                .put("root_gb", rootGb).put("ephemeral_gb", ephemeralGb).put("swap", swap)
                .put("rxtx_factor", rxtxFactor).put("is_public", isPublic).put("disabled", disabled)
                .put("extra_specs", Map.of()));
    }

    /** What NovaSim sizes a build by (vcpus, memory, disks) must be set; the rest takes Nova's defaults. */
    @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
    public static Flavor fromPrimitive(JsonNode primitive) {
        return from(NovaObjects.read(primitive, "flavor", NovaObjects.FLAVOR, NovaObjects.FLAVOR_VERSION));
    }

    static Flavor from(ObjectFields f) {
        return new Flavor(f.requiredString("flavorid"), f.string("name"), f.requiredInteger("vcpus"),
                f.requiredInteger("memory_mb"), f.requiredInteger("root_gb"), orZero(f.integer("ephemeral_gb")),
                orZero(f.integer("swap")), f.number("rxtx_factor") == null ? 1.0 : f.number("rxtx_factor"),
                !Boolean.FALSE.equals(f.bool("is_public")), Boolean.TRUE.equals(f.bool("disabled")));
    }

    private static int orZero(Integer value) {
        return value == null ? 0 : value;
    }
}
