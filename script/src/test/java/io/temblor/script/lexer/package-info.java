/**
 * Tests of the tremor-script lexer.
 */
package io.temblor.script.lexer;
