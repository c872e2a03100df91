/**
 * Tests of the simd-json parser, its number conversions, cursors and writer, against reference models and the
 * JSONTestSuite. May use JUnit and the JDK's own parsers as oracles.
 */
package io.temblor.json;
