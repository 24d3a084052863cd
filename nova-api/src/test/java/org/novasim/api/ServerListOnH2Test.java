package org.novasim.api;

import org.novasim.testsupport.TestDatabase;

/** Server lists on the embedded database it uses when run by hand. */
class ServerListOnH2Test extends ServerListContractTest {

    @Override
    TestDatabase.Kind database() {
        return TestDatabase.Kind.H2;
    }
}
