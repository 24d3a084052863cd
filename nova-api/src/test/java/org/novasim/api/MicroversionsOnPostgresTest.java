package org.novasim.api;

import org.novasim.testsupport.TestDatabase;

/** The microversion contract on PostgreSQL. */
class MicroversionsOnPostgresTest extends MicroversionContractTest {

    @Override
    TestDatabase.Kind database() {
        return TestDatabase.Kind.POSTGRESQL;
    }
}
