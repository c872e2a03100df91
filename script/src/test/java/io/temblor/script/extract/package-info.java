/**
 * Tests of the extractors through match patterns.
 */
package io.temblor.script.extract;
