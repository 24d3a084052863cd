package org.novasim.api;

import org.novasim.testsupport.TestDatabase;

/** Server lists on PostgreSQL, the database compose runs. */
class ServerListOnPostgresTest extends ServerListContractTest {

    @Override
    TestDatabase.Kind database() {
        return TestDatabase.Kind.POSTGRESQL;
    }
}
