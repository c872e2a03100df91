/**
 * Tests of the executable tree through compiled scripts.
 */
package io.temblor.script.runtime;
