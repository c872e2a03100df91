/**
 * Tests of compile-error rendering.
 */
package io.temblor.script.error;
