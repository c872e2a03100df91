/**
 * Phase 1 of the tremor-script front end: turns source text into tokens with line, column and byte positions, for
 * scripts, queries and deployments alike. Depends only on {@code io.temblor.script.error} for reporting.
 */
package io.temblor.script.lexer;
