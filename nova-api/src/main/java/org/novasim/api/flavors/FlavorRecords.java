package org.novasim.api.flavors;

import java.util.List;
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

    public Optional<Flavor> find(String flavorid) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM flavors WHERE flavorid = ?").param(flavorid).query(Flavor.class).optional();
    }
}
