/**
 * Tests of the standard library functions through scripts.
 */
package io.temblor.script.stdlib;
