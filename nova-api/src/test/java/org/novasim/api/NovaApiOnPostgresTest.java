package org.novasim.api;

import org.novasim.testsupport.TestDatabase;

/** nova-api on PostgreSQL, the database compose runs. */
class NovaApiOnPostgresTest extends NovaApiContractTest {

    @Override
    TestDatabase.Kind database() {
        return TestDatabase.Kind.POSTGRESQL;
    }
}
