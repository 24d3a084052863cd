package org.novasim.api;

import org.novasim.testsupport.TestDatabase;

/** The microversion contract on the embedded database it uses when run by hand. */
class MicroversionsOnH2Test extends MicroversionContractTest {

    @Override
    TestDatabase.Kind database() {
        return TestDatabase.Kind.H2;
    }
}
