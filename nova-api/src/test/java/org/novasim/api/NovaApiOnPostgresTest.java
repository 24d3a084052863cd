package org.novasim.api;

/** nova-api on PostgreSQL, the database compose runs. */
class NovaApiOnPostgresTest extends NovaApiContractTest {

    @Override
    NovaApiNode.Database database() {
        return NovaApiNode.Database.POSTGRESQL;
    }
}
