package org.novasim.api.flavors;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import org.novasim.nova.objects.Flavor;

/** The {@code flavors} table, read-only here. */
@Repository
public class FlavorRecords {

    private static final String COLUMNS = "flavorid, name, vcpus, memory_mb, root_gb, ephemeral_gb, swap, rxtx_factor,"
            + " is_public, disabled";

    private final JdbcClient jdbc;

    FlavorRecords(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public List<Flavor> all() {
        return jdbc.sql("SELECT " + COLUMNS + " FROM flavors ORDER BY memory_mb, flavorid").query(Flavor.class).list();
    }

    /** Every flavor by its flavorid, for the flavors embedded in a page of servers (2.47). */
    public Map<String, Flavor> byFlavorid() {
        Map<String, Flavor> byId = new HashMap<>();
        all().forEach(f -> byId.put(f.flavorid(), f));
        return byId;
    }

    public Optional<Flavor> find(String flavorid) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM flavors WHERE flavorid = ?").param(flavorid).query(Flavor.class).optional();
    }
}
