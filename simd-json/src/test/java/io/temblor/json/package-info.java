/**
 * Tests of the simd-json parser; they sit in the parser's package to reach its package-private stages.
 */
package io.temblor.json;
