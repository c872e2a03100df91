/** Tests of the bench command line, suite registry and run settings. */
package io.temblor.bench;
