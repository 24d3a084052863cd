package org.novasim.api;

/** nova-api on the embedded database it uses when run by hand. */
class NovaApiOnH2Test extends NovaApiContractTest {

    @Override
    NovaApiNode.Database database() {
        return NovaApiNode.Database.H2;
    }
}
