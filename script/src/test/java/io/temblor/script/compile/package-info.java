/**
 * Tests of the compiler and the conformance runner over Tremor's script cases.
 */
package io.temblor.script.compile;
