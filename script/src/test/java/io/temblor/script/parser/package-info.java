/**
 * Tests of the tremor-script parser.
 */
package io.temblor.script.parser;
