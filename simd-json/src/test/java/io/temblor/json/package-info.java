/**
 * Tests of the simd-json parser, cursors and writer.
 */
package io.temblor.json;
