/**
 * The runners behind {@code temblor test}: unit suites written with {@code test::suite} in tremor-script, integration
 * folders in Tremor's layout run through a child {@code temblor run}, tag filters and the JUnit XML report. Depends on
 * the script module (compiler, interpreter) and snakeyaml-engine; nothing here runs on an event hot path.
 */
package io.temblor.engine.testing;
