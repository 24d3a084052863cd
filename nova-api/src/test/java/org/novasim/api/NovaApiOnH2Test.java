package org.novasim.api;

import org.novasim.testsupport.TestDatabase;

/** nova-api on the embedded database it uses when run by hand. */
class NovaApiOnH2Test extends NovaApiContractTest {

    @Override
    TestDatabase.Kind database() {
        return TestDatabase.Kind.H2;
    }
}
